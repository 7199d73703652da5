import type { Diagnostic } from "../model/diagnostic.ts";
import type { LoadedObject } from "../model/inventory.ts";
import { jsonDocument, positionsOf } from "./json-document.ts";
import { limitsOf, type LoadOptions } from "./load-options.ts";
import { collectObjects } from "./to-objects.ts";
import { yamlStream } from "./yaml-stream.ts";

/** Pure: one file's text -> objects and diagnostics. Used by loadSources, admission and tests. */
export function parseManifests(
  text: string,
  file: string,
  options?: LoadOptions,
): { objects: LoadedObject[]; diagnostics: Diagnostic[] } {
  const limits = limitsOf(options);
  const objects: LoadedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const size = Buffer.byteLength(text, "utf8");
  if (size > limits.maxFileBytes) {
    diagnostics.push(tooLarge(file, size, limits.maxFileBytes));
    return { objects, diagnostics };
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const [where] = positionsOf(text, [nul]);
    diagnostics.push({
      severity: "error",
      code: "binary-file",
      message:
        "contains NUL bytes: expected a UTF-8 text manifest (binary, UTF-16 or UTF-32 file); skipped",
      file,
      line: where?.line ?? 1,
      column: where?.column ?? 1,
    });
    return { objects, diagnostics };
  }
  // Only text that opens like JSON is tried as JSON; everything else, and invalid JSON (for its
  // located error), goes to the YAML parser.
  const first = /\S/.exec(text)?.[0];
  const parsed =
    (first === "{" || first === "[" ? jsonDocument(text, file, limits) : undefined) ??
    yamlStream(text, file, limits);
  diagnostics.push(...parsed.diagnostics);
  for (const document of parsed.documents) collectObjects(document, { file, objects, diagnostics });
  if (parsed.documents.length === 0 && parsed.diagnostics.length === 0) {
    diagnostics.push({
      severity: "warning",
      code: "empty-file",
      message: "contains no documents (empty, or only comments and `---`)",
      file,
    });
  }
  // Syntax problems and object problems are found in two passes: report them in file order.
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { objects, diagnostics };
}

export function tooLarge(file: string, size: number, limit: number): Diagnostic {
  return {
    severity: "error",
    code: "too-large",
    message: `is ${mebibytes(size)}, over the ${mebibytes(limit)} limit (maxFileBytes); skipped`,
    file,
  };
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
