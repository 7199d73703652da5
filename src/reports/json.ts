import type { ScanReport } from "../model/report.ts";
import type { FormatOptions } from "./index.ts";

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

export function json(report: ScanReport, _options: FormatOptions): string {
  const ordered = { ...Object.fromEntries(KEY_ORDER.map((key) => [key, report[key]])), ...report };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
