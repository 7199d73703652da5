// Temporary directories for tests, each removed when its test or suite is done, passed or failed:
// one left behind per run piles up to thousands in /tmp within days.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, onTestFinished } from "vitest";

async function makeDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** A new directory under the OS temp dir, removed when the running test finishes. Test-only. */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await makeDir(prefix);
  onTestFinished(() => removeDir(dir));
  return dir;
}

/**
 * A directory for a whole suite (or file), made in a `beforeAll` and removed in an `afterAll`.
 * Call it at describe or file level, before the hooks that use it: vitest runs `afterAll` hooks
 * in reverse order, so the directory outlives the processes those hooks stop. The returned
 * function gives its path, from the suite's hooks and tests.
 */
export function suiteTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await makeDir(prefix);
  });
  afterAll(async () => {
    if (dir !== undefined) await removeDir(dir);
  });
  return () => {
    if (dir === undefined) throw new Error(`suiteTempDir("${prefix}") read before its beforeAll`);
    return dir;
  };
}
