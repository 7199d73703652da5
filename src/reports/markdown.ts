import { formatRef } from "../model/kube-object.ts";
import type { Finding, ScanReport, Score } from "../model/report.ts";
import { escapeMarkdownCell } from "./escape.ts";
import { locationOf, pillarScores, problemsOf, scoreText } from "./finding-order.ts";
import { blockersText, stageName } from "./governance-text.ts";
import type { FormatOptions } from "./index.ts";

// GitHub-flavored Markdown for pull-request comments: the pillar scores and the failing
// findings as tables. Comments have a size limit (65,536 characters), so long lists are cut
// with a count of what was left out.

export const MAX_FINDING_ROWS = 100;

/** Check metadata is ours and may use Markdown (`code`); only what would break the table goes. */
function trustedCell(text: string): string {
  return text.replaceAll("|", "\\|").replace(/\r?\n|\r/g, " ");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function counts(score: Score): string {
  return `${score.passed} passed · ${score.failed} failed · ${score.skipped} skipped · ${plural(score.errors, "error")}`;
}

function findingRow(finding: Finding): string {
  const location = locationOf(finding.resource);
  return row([
    finding.status === "error" ? "error (not evaluated)" : finding.severity,
    `\`${finding.checkId}\``,
    escapeMarkdownCell(formatRef(finding.resource)),
    location === undefined ? "" : escapeMarkdownCell(location),
    escapeMarkdownCell(finding.message),
    finding.status === "error" ? "" : trustedCell(finding.remediation),
  ]);
}

/** The compliance view, when asked for: counts and the clauses that fail. */
function complianceLines(report: ScanReport): string[] {
  const view = report.compliance;
  if (view === undefined) return [];
  const count = (status: string): number =>
    view.clauses.filter((clause) => clause.status === status).length;
  const failing = view.clauses.filter((clause) => clause.status === "fail");
  return [
    "",
    `### Compliance: ${view.framework}`,
    "",
    `${view.clauses.length} clauses: ${count("pass")} pass · ${count("fail")} fail · ${count("unknown")} not observed. Mapping guidance, not legal advice.`,
    ...(failing.length === 0
      ? []
      : [
          "",
          row(["Clause", "Controls", "Failed", "Passed"]),
          row(["---", "---", "---:", "---:"]),
          ...failing.map((clause) =>
            row([
              escapeMarkdownCell(clause.clause),
              clause.controls.map((id) => `\`${id}\``).join(", "),
              String(clause.failed),
              String(clause.passed),
            ]),
          ),
        ]),
  ];
}

export function markdown(report: ScanReport, _options: FormatOptions): string {
  const { overall } = report.scores;
  const lines = [
    `## ${escapeMarkdownCell(report.tool.name)} zero-trust scan`,
    "",
    `**Overall score: ${scoreText(overall)}/100** · ${counts(overall)}`,
    "",
    `Sources: ${escapeMarkdownCell(report.sources.join(", ")) || "none"} · ${report.summary.objects} objects · ${report.summary.checks} controls`,
  ];
  if (!report.complete) {
    lines.push(
      "",
      "> [!CAUTION]",
      "> **Incomplete scan:** some input could not be read; the findings cover only what was.",
    );
  }
  lines.push(
    "",
    row([
      "Pillar",
      "Score",
      "ZTMM stage",
      "Next stage needs",
      "Passed",
      "Failed",
      "Skipped",
      "Errors",
    ]),
    row(["---", "---:", "---", "---", "---:", "---:", "---:", "---:"]),
    ...pillarScores(report).map((score) => {
      const maturity = report.maturity?.find((candidate) => candidate.pillar === score.pillar);
      return row([
        score.pillar,
        scoreText(score),
        maturity === undefined ? "" : stageName(maturity.stage),
        maturity?.next === undefined
          ? ""
          : `${stageName(maturity.next)}: ${escapeMarkdownCell(blockersText(maturity)) || "no control of it ran"}`,
        String(score.passed),
        String(score.failed),
        String(score.skipped),
        String(score.errors),
      ]);
    }),
  );
  const problems = problemsOf(report.findings);
  lines.push("", `### Failing findings (${problems.length})`, "");
  if (problems.length === 0) {
    lines.push("None.");
  } else {
    lines.push(
      row(["Severity", "Control", "Resource", "Location", "Message", "Remediation"]),
      row(["---", "---", "---", "---", "---", "---"]),
      ...problems.slice(0, MAX_FINDING_ROWS).map(findingRow),
    );
    if (problems.length > MAX_FINDING_ROWS) {
      lines.push(
        "",
        `…and ${problems.length - MAX_FINDING_ROWS} more: see the full report (\`-o html\` or \`-o json\`).`,
      );
    }
  }
  lines.push(...complianceLines(report));
  const errors = report.diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
  lines.push(
    "",
    `_Suppressed: ${report.summary.suppressed} · ${plural(report.diagnostics.length, "diagnostic")} (${plural(errors, "error")})_`,
    "",
  );
  return lines.join("\n");
}
