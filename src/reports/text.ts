import { SEVERITIES, type Severity } from "../model/check-meta.ts";
import { formatDiagnostic } from "../model/diagnostic.ts";
import { formatRef } from "../model/kube-object.ts";
import type { Finding, ScanReport, Score } from "../model/report.ts";
import { locationOf, pillarScores, problemsOf, scoreText } from "./finding-order.ts";
import { maturityText } from "./governance-text.ts";
import { joinChunks } from "./chunks.ts";
import type { FormatOptions } from "./index.ts";

// The terminal report: readable at 100 columns, colored only on a TTY. Passing results are
// counted in the score lines, failing ones listed under their pillar.

const WIDTH = 100;
const BAR_CELLS = 20;
/** Where a finding's detail lines start, under the severity label. */
const DETAIL_INDENT = 12;

type Style = "bold" | "dim" | "red" | "green" | "yellow" | "blue" | "magenta" | "cyan";
const ANSI: Readonly<Record<Style, string>> = {
  bold: "1",
  dim: "2",
  red: "31",
  green: "32",
  yellow: "33",
  blue: "34",
  magenta: "35",
  cyan: "36",
};

type Paint = (text: string, ...styles: readonly Style[]) => string;

function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.length === 0
      ? text
      : `\u001B[${styles.map((style) => ANSI[style]).join(";")}m${text}\u001B[0m`;
}

const SEVERITY_STYLE: Readonly<Record<Severity, readonly Style[]>> = {
  critical: ["bold", "magenta"],
  high: ["bold", "red"],
  medium: ["yellow"],
  low: ["cyan"],
  info: ["dim"],
};

function scoreStyle(score: number | null): Style {
  if (score === null) return "dim";
  return score >= 80 ? "green" : score >= 50 ? "yellow" : "red";
}

/** Breaks text at spaces to fit the width after `indent`; a word longer than a line is cut. */
function wrap(text: string, indent: number): string[] {
  const room = WIDTH - indent;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((part) => part !== "")) {
    for (let rest = word; rest !== "";) {
      const candidate = line === "" ? rest : `${line} ${rest}`;
      if (candidate.length <= room) {
        line = candidate;
        rest = "";
      } else if (line !== "") {
        lines.push(line);
        line = "";
      } else {
        lines.push(rest.slice(0, room));
        rest = rest.slice(room);
      }
    }
  }
  if (line !== "" || lines.length === 0) lines.push(line);
  return lines.map((part) => `${" ".repeat(indent)}${part}`);
}

function counts(score: Score): string {
  const parts = [`${score.passed} passed`, `${score.failed} failed`];
  if (score.skipped > 0) parts.push(`${score.skipped} skipped`);
  if (score.errors > 0) parts.push(`${score.errors} ${score.errors === 1 ? "error" : "errors"}`);
  return parts.join(" · ");
}

function scoreLine(label: string, score: Score, paint: Paint): string {
  const filled = score.score === null ? 0 : Math.round((score.score / 100) * BAR_CELLS);
  const bar = score.score === null ? "·".repeat(BAR_CELLS) : "█".repeat(filled);
  const empty = score.score === null ? "" : "░".repeat(BAR_CELLS - filled);
  const style = scoreStyle(score.score);
  const value = score.score === null ? "  n/a  " : `${scoreText(score).padStart(3)}/100`;
  return `${paint(label.padEnd(12), "bold")}${paint(value, "bold", style)}  ${paint(bar, style)}${paint(empty, "dim")}  ${counts(score)}`;
}

/** Wraps each distinct text once: every finding of a control shares its remediation. */
function memoWrap(): (text: string, indent: number) => string[] {
  const cache = new Map<string, string[]>();
  return (text, indent) => {
    const key = `${indent}\u0000${text}`;
    let lines = cache.get(key);
    if (lines === undefined) {
      lines = wrap(text, indent);
      cache.set(key, lines);
    }
    return lines;
  };
}

function findingLines(
  finding: Finding,
  paint: Paint,
  wrapFix: (text: string, indent: number) => string[],
): string[] {
  const isError = finding.status === "error";
  const label = (isError ? "ERROR" : finding.severity.toUpperCase()).padEnd(DETAIL_INDENT - 2);
  const head = `  ${paint(label, ...(isError ? (["bold", "red"] as const) : SEVERITY_STYLE[finding.severity]))}${paint(formatRef(finding.resource), "bold")}  ${paint(`[${finding.checkId}]`, "dim")}`;
  const location = locationOf(finding.resource);
  return [
    head,
    ...(location === undefined
      ? []
      : wrap(location, DETAIL_INDENT).map((line) => paint(line, "dim"))),
    ...wrap(finding.message, DETAIL_INDENT),
    ...(isError || finding.remediation === ""
      ? []
      : wrapFix(`Fix: ${finding.remediation}`, DETAIL_INDENT).map((line) => paint(line, "green"))),
  ];
}

function header(report: ScanReport, paint: Paint): string[] {
  const { summary } = report;
  const lines = [
    paint(`${report.tool.name} ${report.tool.version} · zero-trust scan`, "bold"),
    ...wrap(`Sources: ${report.sources.join(", ") || "(none)"}`, 0),
    `${summary.objects} objects from ${summary.files} files · ${summary.checks} controls · ${report.generatedAt}`,
  ];
  if (!report.complete) {
    lines.push(
      "",
      ...wrap(
        "!! INCOMPLETE SCAN: some input could not be read; findings cover only what was (see Diagnostics)",
        0,
      ).map((line) => paint(line, "bold", "red")),
    );
  }
  return lines;
}

function summaryLines(report: ScanReport, paint: Paint): string[] {
  const { summary } = report;
  const bySeverity = SEVERITIES.map((severity) => {
    const count = summary.failedBySeverity[severity];
    const text = `${count} ${severity}`;
    return count > 0 ? paint(text, ...SEVERITY_STYLE[severity]) : text;
  }).join(" · ");
  const unknown = Object.entries(summary.unknownKinds)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, count]) => `${kind} (${count})`);
  return [
    paint("Summary", "bold"),
    `  Failed: ${bySeverity}`,
    `  Suppressed: ${summary.suppressed} (by annotation or exception; not counted in scores)`,
    ...(unknown.length === 0 ? [] : wrap(`Kinds no control reads: ${unknown.join(", ")}`, 2)),
  ];
}

/** The compliance view, when asked for: counts, then each clause that fails. */
function complianceLines(report: ScanReport, paint: Paint): string[] {
  const view = report.compliance;
  if (view === undefined) return [];
  const count = (status: string): number =>
    view.clauses.filter((clause) => clause.status === status).length;
  const failing = view.clauses.filter((clause) => clause.status === "fail");
  return [
    "",
    paint(`Compliance: ${view.framework}`, "bold"),
    `  ${view.clauses.length} clauses: ${count("pass")} pass · ${count("fail")} fail · ${count("unknown")} not observed`,
    ...failing.flatMap((clause) =>
      wrap(
        `FAIL ${clause.clause}: ${clause.failed} failed, ${clause.passed} passed (${clause.controls.join(", ")})`,
        2,
      ).map((line) => paint(line, "red")),
    ),
  ];
}

/**
 * The report as chunks of whole lines, one chunk per finding: a large cluster has hundreds of
 * thousands of failing findings, and their lines need not all be held at once.
 */
export function* renderText(report: ScanReport, options: FormatOptions): Generator<string> {
  const paint = painter(options.color);
  const lines = (list: readonly string[]): string => list.map((line) => `${line}\n`).join("");
  yield lines([...header(report, paint), "", scoreLine("Overall", report.scores.overall, paint)]);
  const problems = Map.groupBy(problemsOf(report.findings), (finding) => finding.pillar);
  const wrapFix = memoWrap();
  for (const score of pillarScores(report)) {
    const pillar = ["", scoreLine(score.pillar.toUpperCase(), score, paint)];
    const maturity = report.maturity?.find((candidate) => candidate.pillar === score.pillar);
    if (maturity !== undefined) {
      pillar.push(
        ...wrap(`ZTMM stage: ${maturityText(maturity)}`, 2).map((line) => paint(line, "dim")),
      );
    }
    yield lines(pillar);
    for (const finding of problems.get(score.pillar) ?? []) {
      yield lines(findingLines(finding, paint, wrapFix));
    }
  }
  const rest = ["", ...summaryLines(report, paint), ...complianceLines(report, paint)];
  if (report.diagnostics.length > 0) {
    rest.push("", paint("Diagnostics", "bold"));
    for (const diagnostic of report.diagnostics) {
      const style = diagnostic.severity === "error" ? "red" : "yellow";
      rest.push(...wrap(formatDiagnostic(diagnostic), 2).map((line) => paint(line, style)));
    }
  }
  yield lines(rest);
}

export function text(report: ScanReport, options: FormatOptions): string {
  return joinChunks(renderText(report, options));
}
