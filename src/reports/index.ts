import type { ScanReport } from "../model/report.ts";
import { html } from "./html.ts";
import { json } from "./json.ts";
import { junit } from "./junit.ts";
import { markdown } from "./markdown.ts";
import { policyReport } from "./policy-report.ts";
import { sarif } from "./sarif.ts";
import { text } from "./text.ts";

/** What a formatter may vary on besides the report. */
export interface FormatOptions {
  /** ANSI colors; the CLI sets it only when stdout is a terminal. */
  readonly color: boolean;
}

/** A pure, deterministic rendering of a scan: same report, same bytes. */
export type Formatter = (report: ScanReport, options: FormatOptions) => string;

/** Format name -> formatter: the CLI's `-o` choices, help and validation derive from these keys. */
export const formatters = {
  text,
  json,
  sarif,
  junit,
  markdown,
  html,
  policyreport: policyReport,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;

export const FORMAT_NAMES: readonly FormatName[] = Object.keys(formatters) as FormatName[];
