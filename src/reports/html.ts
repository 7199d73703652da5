import { createHash } from "node:crypto";
import { PILLARS, SEVERITIES } from "../model/check-meta.ts";
import { formatDiagnostic } from "../model/diagnostic.ts";
import { formatRef } from "../model/kube-object.ts";
import type { Finding, ScanReport } from "../model/report.ts";
import { escapeXml as h } from "./escape.ts";
import {
  compareFindings,
  compareText,
  locationOf,
  pillarScores,
  scoreText,
} from "./finding-order.ts";
import { blockersText, stageName } from "./governance-text.ts";
import { SCRIPT, STYLE } from "./html-assets.ts";
import { pillarChart, scoreRing } from "./html-chart.ts";
import type { FormatOptions } from "./index.ts";
import { joinChunks } from "./chunks.ts";

// One self-contained HTML file: scores, a chart, and a filterable table of every result.
// Every value from the input is escaped with `h`; the Content-Security-Policy admits only the
// page's own style and script (by hash), so even a missed escape could not run code.

function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

type RowStatus = Finding["status"] | "suppressed";

const STATUS_OPTIONS: readonly (readonly [string, string])[] = [
  ["problems", "Failing and errors"],
  ["all", "All statuses"],
  ["fail", "Fail"],
  ["error", "Error"],
  ["skip", "Skip"],
  ["pass", "Pass"],
  ["suppressed", "Suppressed"],
];

function pill(kind: string, value: string): string {
  return `<span class="pill ${kind}-${h(value)}">${h(value)}</span>`;
}

/** Remediations are ours and mark code with backticks; escaped first, so the spans are inert. */
function remediationHtml(text: string): string {
  return h(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function findingRow(finding: Finding): string {
  const status: RowStatus = finding.suppressed === undefined ? finding.status : "suppressed";
  const location = locationOf(finding.resource);
  const why =
    finding.suppressed === undefined
      ? ""
      : `<div class="fix">Suppressed by ${h(finding.suppressed.by)}${finding.suppressed.reason === undefined ? "" : `: ${h(finding.suppressed.reason)}`}</div>`;
  const fix =
    finding.status === "fail" && finding.suppressed === undefined
      ? `<div class="fix">Fix: ${remediationHtml(finding.remediation)}</div>`
      : "";
  return `<tr data-pillar="${h(finding.pillar)}" data-severity="${h(finding.severity)}" data-status="${h(status)}"><td>${pill("st", status)}</td><td>${pill("sev", finding.severity)}</td><td>${h(finding.pillar)}</td><td class="ctl"><code>${h(finding.checkId)}</code></td><td class="res">${h(formatRef(finding.resource))}${location === undefined ? "" : `<br>${h(location)}`}</td><td>${h(finding.message)}${fix}${why}</td></tr>`;
}

function select(
  id: string,
  label: string,
  options: readonly (readonly [string, string])[],
): string {
  const items = options.map(([value, text]) => `<option value="${h(value)}">${h(text)}</option>`);
  return `<select id="${id}" aria-label="${h(label)}">${items.join("")}</select>`;
}

/**
 * Passing rows listed at most; a 100k-pod cluster has millions of passes and a browser would
 * not open the page. Everything that needs attention is always listed.
 */
export const MAX_PASS_ROWS = 5000;

function* findingsCard(report: ScanReport): Generator<string> {
  const all = [...report.findings, ...report.suppressed].sort(compareFindings);
  const passes = all.filter(
    (finding) => finding.status === "pass" && finding.suppressed === undefined,
  );
  const hidden = passes.length - MAX_PASS_ROWS;
  const dropped = new Set(hidden > 0 ? passes.slice(MAX_PASS_ROWS) : []);
  const rows = all.filter((finding) => !dropped.has(finding));
  const note =
    hidden > 0
      ? `<div class="empty">${hidden} more passing results are counted in the scores but not listed.</div>`
      : "";
  const filters = [
    select("f-pillar", "Pillar", [["", "All pillars"], ...PILLARS.map((p) => [p, p] as const)]),
    select("f-severity", "Severity", [
      ["", "All severities"],
      ...SEVERITIES.map((s) => [s, s] as const),
    ]),
    select("f-status", "Status", STATUS_OPTIONS),
    `<input id="f-text" type="search" placeholder="Filter by resource, control, message…" aria-label="Text filter">`,
    `<span class="count" id="f-count">${rows.length} results</span>`,
  ];
  yield `<section class="card block"><h2>Findings</h2><div class="filters">${filters.join("")}</div><table id="findings"><thead><tr><th>Status</th><th>Severity</th><th>Pillar</th><th>Control</th><th>Resource</th><th>Message</th></tr></thead><tbody>`;
  for (const row of rows) yield findingRow(row);
  yield `</tbody></table><div class="empty" id="f-empty" hidden>No result matches these filters.</div>${note}</section>`;
}

function overviewCards(report: ScanReport): string {
  const { overall } = report.scores;
  const { summary } = report;
  const stats = [
    ["Passed", overall.passed],
    ["Failed", overall.failed],
    ["Skipped", overall.skipped],
    ["Errors", overall.errors],
    ["Suppressed", summary.suppressed],
    ["Objects", summary.objects],
    ["Files", summary.files],
    ["Controls", summary.checks],
  ] as const;
  const severities = SEVERITIES.map(
    (severity) =>
      `<div class="sev-box">${pill("sev", severity)}<b>${summary.failedBySeverity[severity]}</b></div>`,
  );
  return `<div class="grid"><section class="card overall"><h2>Overall score</h2>${scoreRing(overall.score)}<dl class="stats">${stats.map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`).join("")}</dl></section><section class="card"><h2>Score by pillar</h2>${pillarChart(pillarScores(report))}<div class="sev-row">${severities.join("")}</div></section></div>`;
}

function maturityCard(report: ScanReport): string {
  const maturity = report.maturity ?? [];
  if (maturity.length === 0) return "";
  const rows = maturity.map((entry) => {
    const blockers = blockersText(entry);
    const next =
      entry.next === undefined
        ? "<td>—</td><td>highest stage reached</td>"
        : `<td>${h(stageName(entry.next))}</td><td>${blockers === "" ? "no control it requires ran" : h(blockers)}</td>`;
    return `<tr><td class="cap">${h(entry.pillar)}</td><td>${pill("stage", entry.stage)}</td>${next}</tr>`;
  });
  return `<section class="card block"><h2>Maturity (CISA Zero Trust Maturity Model v2)</h2><table><thead><tr><th>Pillar</th><th>Stage</th><th>Next stage</th><th>Blocked by</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

function complianceCard(report: ScanReport): string {
  const view = report.compliance;
  if (view === undefined) return "";
  const rows = view.clauses.map(
    (clause) =>
      `<tr><td><code>${h(clause.clause)}</code></td><td>${clause.status === "unknown" ? '<span class="pill st-skip">not observed</span>' : pill("st", clause.status)}</td><td class="ctl">${clause.controls.map((id) => `<code>${h(id)}</code>`).join(", ")}</td><td>${clause.passed}</td><td>${clause.failed}</td><td>${clause.skipped}</td></tr>`,
  );
  return `<section class="card block"><h2>Compliance: ${h(view.framework)}</h2><p class="hint">Mapping guidance, not legal advice. A clause fails when any target of its controls fails.</p><table><thead><tr><th>Clause</th><th>Status</th><th>Controls</th><th>Passed</th><th>Failed</th><th>Skipped</th></tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

function notesCard(report: ScanReport): string {
  const unknown = Object.entries(report.summary.unknownKinds).sort(([a], [b]) => compareText(a, b));
  if (report.diagnostics.length === 0 && unknown.length === 0) return "";
  const diagnostics = report.diagnostics.map(
    (diagnostic) =>
      `<li class="diag-${h(diagnostic.severity)}">${h(formatDiagnostic(diagnostic))}</li>`,
  );
  const kinds = unknown.map(([kind, count]) => `<li><code>${h(kind)}</code> × ${count}</li>`);
  return `<section class="card block notes"><h2>Input notes</h2>${diagnostics.length === 0 ? "" : `<h3>Diagnostics</h3><ul class="diag">${diagnostics.join("")}</ul>`}${kinds.length === 0 ? "" : `<h3>Kinds no control reads</h3><ul class="diag">${kinds.join("")}</ul>`}</section>`;
}

/** The page as chunks, one per table row. */
export function* renderHtml(report: ScanReport, _options: FormatOptions): Generator<string> {
  const policy = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; base-uri 'none'; form-action 'none'`;
  const title = `${report.tool.name} zero-trust report`;
  const banner = report.complete
    ? ""
    : `<div class="banner" role="alert">Incomplete scan: some input could not be read, so the findings cover only what was. See the input notes below.</div>`;
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${h(title)} · score ${scoreText(report.scores.overall)}/100</h1><div class="meta">${h(`${report.tool.name} ${report.tool.version} · ${report.generatedAt} · sources: ${report.sources.join(", ") || "none"}`)}</div></header>
<main>
${banner}${overviewCards(report)}
${maturityCard(report)}
`;
  yield* findingsCard(report);
  yield `
${complianceCard(report)}
${notesCard(report)}
<footer>Scores are the severity-weighted share of passed targets. Framework mappings are guidance, not legal advice.</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export function html(report: ScanReport, options: FormatOptions): string {
  return joinChunks(renderHtml(report, options));
}
