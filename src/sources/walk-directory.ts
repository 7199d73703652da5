// Which files a directory contributes: manifests found recursively, in a deterministic order.
import { join } from "node:path";
import type { Diagnostic } from "../model/diagnostic.ts";
import { readDiagnostic, type SourceFs } from "./source-fs.ts";

/** File names read from directories (any file named on the command line is read). */
const MANIFEST_NAME = /\.(?:ya?ml|json)$/i;

/** A Helm chart's sources are templates, not manifests: they must be rendered first. */
const CHART_FILE = "Chart.yaml";

export interface FoundFile {
  /** As displayed: under the directory as the user named it. */
  readonly path: string;
  /** Under the directory's real path, to read a file reached twice once. */
  readonly key: string;
}

/**
 * The manifest files under `root`, sorted by name (code-unit order, the same on every machine)
 * at each level, depth first. Hidden entries (`.git`, `.github`) and `node_modules` are skipped;
 * symlinks are followed, each directory visited once.
 */
export async function walkDirectory(
  root: string,
  fs: SourceFs,
  diagnostics: Diagnostic[],
): Promise<readonly FoundFile[]> {
  const files: FoundFile[] = [];
  const visited = new Set<string>();
  // An explicit stack keeps deep trees off the call stack; reversed pushes keep sorted order.
  const stack = [root];
  for (let dir = stack.pop(); dir !== undefined; dir = stack.pop()) {
    let entries;
    let real: string;
    try {
      real = await fs.realpath(dir);
      if (visited.has(real)) continue;
      visited.add(real);
      entries = [...(await fs.readdir(dir))].sort((a, b) => compare(a.name, b.name));
    } catch (error) {
      diagnostics.push(readDiagnostic(dir, error));
      continue;
    }
    if (entries.some((entry) => entry.name === CHART_FILE && entry.type !== "directory")) {
      diagnostics.push({
        severity: "warning",
        code: "helm-chart",
        message:
          "is a Helm chart's source (has Chart.yaml): its templates are not manifests; render it with `helm template` and scan the output; skipped",
        file: dir,
      });
      continue;
    }
    const subdirectories: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      let type = entry.type;
      if (type === "symlink") {
        try {
          type = (await fs.stat(path)).isDirectory() ? "directory" : "file";
        } catch (error) {
          diagnostics.push(readDiagnostic(path, error));
          continue;
        }
      }
      if (type === "directory") subdirectories.push(path);
      else if (type === "file" && MANIFEST_NAME.test(entry.name)) {
        files.push({ path, key: join(real, entry.name) });
      }
    }
    // Files of a directory come before its subdirectories' files.
    for (let i = subdirectories.length - 1; i >= 0; i--) stack.push(subdirectories[i] ?? "");
  }
  return files;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
