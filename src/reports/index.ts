import type { ScanReport } from "../model/report.ts";
import { renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import { markdown } from "./markdown.ts";
import { renderPolicyReport } from "./policy-report.ts";
import { renderSarif } from "./sarif.ts";
import { renderText } from "./text.ts";

/** What a formatter may vary on besides the report. */
export interface FormatOptions {
  /** ANSI colors; the CLI sets it only when stdout is a terminal. */
  readonly color: boolean;
}

/**
 * A pure, deterministic rendering of a scan: same report, same bytes. The bytes come as chunks,
 * written as they are made: a report of 100k objects is longer than a JavaScript string can be.
 */
export type Formatter = (report: ScanReport, options: FormatOptions) => Iterable<string>;

/** Formats whose text stays small (a summary) come whole. */
const whole =
  (format: (report: ScanReport, options: FormatOptions) => string): Formatter =>
  (report, options) => [format(report, options)];

/** Format name -> formatter: the CLI's `-o` choices, help and validation derive from these keys. */
export const formatters = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: whole(markdown),
  html: renderHtml,
  policyreport: renderPolicyReport,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;

export const FORMAT_NAMES: readonly FormatName[] = Object.keys(formatters) as FormatName[];
