import { formatRef } from "../model/kube-object.ts";
import type { Finding, ScanReport, Score } from "../model/report.ts";
import { escapeMarkdownCell } from "./escape.ts";
import { locationOf, pillarScores, problemsOf, scoreText } from "./finding-order.ts";
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
    row(["Pillar", "Score", "Passed", "Failed", "Skipped", "Errors"]),
    row(["---", "---:", "---:", "---:", "---:", "---:"]),
    ...pillarScores(report).map((score) =>
      row([
        score.pillar,
        scoreText(score),
        String(score.passed),
        String(score.failed),
        String(score.skipped),
        String(score.errors),
      ]),
    ),
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
  const errors = report.diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
  lines.push(
    "",
    `_Suppressed: ${report.summary.suppressed} · ${plural(report.diagnostics.length, "diagnostic")} (${plural(errors, "error")})_`,
    "",
  );
  return lines.join("\n");
}
