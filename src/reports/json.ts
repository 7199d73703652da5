import type { ScanReport } from "../model/report.ts";
import type { FormatOptions } from "./index.ts";
import { joinChunks } from "./chunks.ts";
import { jsonChunks } from "./json-stream.ts";

// The machine-readable report: exactly the ScanReport, whose shape docs/report-schema.md
// documents and docs/report-schema.json pins (a test validates this output against it).

/** Top-level keys in documented order, so that diffs of two reports line up; any key not
 * listed here still follows them, so nothing is dropped. */
const KEY_ORDER: readonly (keyof ScanReport)[] = [
  "schemaVersion",
  "tool",
  "generatedAt",
  "sources",
  "complete",
  "summary",
  "scores",
  "findings",
  "suppressed",
  "diagnostics",
  "checks",
];

/** The report as chunks: at 100k objects its text is longer than a JavaScript string can be. */
export function* renderJson(report: ScanReport, _options: FormatOptions): Generator<string> {
  const ordered = { ...Object.fromEntries(KEY_ORDER.map((key) => [key, report[key]])), ...report };
  // Two levels: the report, then its arrays, one finding per chunk.
  yield* jsonChunks(ordered, { depth: 2 });
  yield "\n";
}

export function json(report: ScanReport, options: FormatOptions): string {
  return joinChunks(renderJson(report, options));
}
