// The sources layer: untrusted manifests (files, directories, stdin) -> located Kubernetes
// objects and diagnostics. What is accepted, the limits and the codes: docs/input.md.
import type { LoadOptions } from "./load-options.ts";
import { loadSources as loadWith, type LoadResult } from "./load-sources.ts";

export type { LoadOptions } from "./load-options.ts";
export type { LoadResult } from "./load-sources.ts";
export { STDIN_FILE } from "./load-sources.ts";
export { parseManifests } from "./parse-manifests.ts";

/**
 * Loads every input: a file, a directory (recursively) or `-` for stdin. Never throws for bad
 * input: each problem is a diagnostic naming the file and line, and the rest is still loaded.
 */
export async function loadSources(
  inputs: readonly string[],
  options?: LoadOptions,
): Promise<LoadResult> {
  return loadWith(inputs, options);
}
