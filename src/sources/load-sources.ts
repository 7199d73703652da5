import { resolve } from "node:path";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { LoadedObject } from "../model/inventory.ts";
import { positionsOf } from "./json-document.ts";
import { limitsOf, type Limits, type LoadOptions } from "./load-options.ts";
import { parseManifests, tooLarge } from "./parse-manifests.ts";
import { nodeFs, readCapped, readDiagnostic, type SourceFs } from "./source-fs.ts";
import { walkDirectory, type FoundFile } from "./walk-directory.ts";

export interface LoadResult {
  readonly objects: readonly LoadedObject[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Every file read, as displayed (relative paths stay relative), in load order. Files that
   * could not be read (missing, unreadable, too large) are not in it: they have a diagnostic.
   */
  readonly files: readonly string[];
}

export const STDIN_FILE = "<stdin>";

/** How many files are read ahead of the one being parsed. */
const READ_AHEAD = 8;

export async function loadSources(
  inputs: readonly string[],
  options: LoadOptions = {},
  fs: SourceFs = nodeFs,
): Promise<LoadResult> {
  const limits = limitsOf(options);
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    // A file named twice (a path inside a directory also given, a symlink) is read once.
    for (const { path, key } of await filesOf(input, fs, diagnostics)) {
      if (seen.has(key)) continue;
      seen.add(key);
      files.push(path);
    }
  }

  const objects: LoadedObject[] = [];
  const reads = files.map(() => undefined as Promise<ReadOutcome> | undefined);
  const readAt = (index: number): Promise<ReadOutcome> => {
    const file = files[index] ?? "";
    const pending = reads[index] ?? readInput(file, limits, fs, options);
    reads[index] = pending;
    return pending;
  };
  const shown: string[] = [];
  for (let index = 0; index < files.length; index++) {
    for (let ahead = index + 1; ahead <= index + READ_AHEAD && ahead < files.length; ahead++) {
      void readAt(ahead).catch(() => undefined);
    }
    const outcome = await readAt(index);
    reads[index] = undefined;
    if ("diagnostic" in outcome) {
      diagnostics.push(outcome.diagnostic);
      continue;
    }
    shown.push(outcome.file);
    const parsed = parseManifests(outcome.text, outcome.file, limits);
    objects.push(...parsed.objects);
    diagnostics.push(...parsed.diagnostics);
  }
  return { objects, diagnostics, files: shown };
}

type ReadOutcome =
  | { readonly file: string; readonly text: string }
  | { readonly file: string; readonly diagnostic: Diagnostic };

/** The files an input names: itself, `-`, or a directory's manifests. */
async function filesOf(
  input: string,
  fs: SourceFs,
  diagnostics: Diagnostic[],
): Promise<readonly FoundFile[]> {
  if (input === "-") return [{ path: "-", key: "-" }];
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(input)).isDirectory();
  } catch (error) {
    diagnostics.push(readDiagnostic(input, error));
    return [];
  }
  if (!isDirectory) {
    const key = await fs.realpath(input).catch(() => resolve(input));
    return [{ path: input, key }];
  }
  const found = await walkDirectory(input, fs, diagnostics);
  if (found.length === 0 && !diagnostics.some((d) => d.file === input && d.code === "helm-chart")) {
    diagnostics.push({
      severity: "warning",
      code: "empty-directory",
      message: "directory holds no .yaml, .yml or .json files",
      file: input,
    });
  }
  return found;
}

async function readInput(
  file: string,
  limits: Limits,
  fs: SourceFs,
  options: LoadOptions,
): Promise<ReadOutcome> {
  const shown = file === "-" ? STDIN_FILE : file;
  let read: Uint8Array | { readonly tooLarge: number };
  try {
    read =
      file === "-"
        ? await readCapped(options.stdin ?? process.stdin, limits.maxFileBytes)
        : await fs.readFile(file, limits.maxFileBytes);
  } catch (error) {
    return { file: shown, diagnostic: readDiagnostic(shown, error) };
  }
  if ("tooLarge" in read) {
    return { file: shown, diagnostic: tooLarge(shown, read.tooLarge, limits.maxFileBytes) };
  }
  return decode(read, shown);
}

/** UTF-8 text (a byte-order mark dropped, as kubectl does); other encodings are refused. */
function decode(bytes: Uint8Array, file: string): ReadOutcome {
  try {
    return { file, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder("utf-8").decode(bytes);
    // NUL bytes: parseManifests names the file binary, the clearer message.
    if (text.includes("\u0000")) return { file, text };
    const [where] = positionsOf(text, [text.indexOf("\uFFFD")]);
    return {
      file,
      diagnostic: {
        severity: "error",
        code: "invalid-utf8",
        message: "is not UTF-8 text (Latin-1 or another encoding?): expected UTF-8; skipped",
        file,
        line: where?.line ?? 1,
        column: where?.column ?? 1,
      },
    };
  }
}
