import { formatRef } from "../model/kube-object.ts";
import type { Finding, ScanReport } from "../model/report.ts";
import { escapeXml } from "./escape.ts";
import { compareFindings, compareText, locationOf } from "./finding-order.ts";
import type { FormatOptions } from "./index.ts";
import { joinChunks } from "./chunks.ts";

// JUnit XML for CI test tabs: one <testsuite> per control, one <testcase> per target it judged.
// A suppressed failure is reported as skipped, with its reason, so it stays visible but green.

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function countsOf(cases: readonly Finding[]): Counts {
  const isSkipped = (finding: Finding): boolean =>
    finding.status === "skip" || finding.suppressed !== undefined;
  return {
    tests: cases.length,
    failures: cases.filter((finding) => finding.status === "fail" && !isSkipped(finding)).length,
    errors: cases.filter((finding) => finding.status === "error").length,
    skipped: cases.filter(isSkipped).length,
  };
}

function countAttributes(counts: Counts): string {
  return `tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
}

function detail(finding: Finding): string {
  const location = locationOf(finding.resource);
  return [
    formatRef(finding.resource),
    ...(location === undefined ? [] : [`at ${location}`]),
    finding.message,
    ...(finding.status === "fail" ? [`Remediation: ${finding.remediation}`] : []),
  ].join("\n");
}

function outcome(finding: Finding): string {
  const { suppressed } = finding;
  if (suppressed !== undefined) {
    const why = [`suppressed by ${suppressed.by}`, suppressed.owner, suppressed.reason]
      .filter((part) => part !== undefined)
      .join(": ");
    return `      <skipped message="${escapeXml(why)}"/>\n`;
  }
  switch (finding.status) {
    case "pass":
      return "";
    case "skip":
      return `      <skipped message="${escapeXml(finding.message)}"/>\n`;
    case "fail":
      return `      <failure message="${escapeXml(finding.message)}" type="${finding.severity}">${escapeXml(detail(finding))}</failure>\n`;
    case "error":
      return `      <error message="${escapeXml(finding.message)}" type="check-error">${escapeXml(detail(finding))}</error>\n`;
  }
}

function testcase(finding: Finding): string {
  const file =
    finding.resource.file === undefined ? "" : ` file="${escapeXml(finding.resource.file)}"`;
  const open = `    <testcase classname="${escapeXml(finding.checkId)}" name="${escapeXml(formatRef(finding.resource))}"${file}`;
  const body = outcome(finding);
  return body === "" ? `${open}/>\n` : `${open}>\n${body}    </testcase>\n`;
}

/** The JUnit XML as chunks, one per test case: a large cluster's report outgrows a string. */
export function* renderJunit(report: ScanReport, _options: FormatOptions): Generator<string> {
  const all = [...report.findings, ...report.suppressed];
  // Grouped once: a large cluster has millions of results and dozens of controls.
  const byCheck = Map.groupBy(all, (finding) => finding.checkId);
  const known = report.checks.map((check) => check.id);
  const knownIds = new Set(known);
  // Results of a control missing from `checks` still get a suite: nothing is dropped.
  const extra = [...byCheck.keys()].filter((id) => !knownIds.has(id)).sort(compareText);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="${escapeXml(report.tool.name)}" ${countAttributes(countsOf(all))}>\n`;
  for (const id of [...known, ...extra]) {
    const cases = [...(byCheck.get(id) ?? [])].sort(compareFindings);
    const check = report.checks.find((candidate) => candidate.id === id);
    const properties =
      check === undefined
        ? ""
        : `    <properties>\n${[
            ["title", check.title],
            ["pillar", check.pillar],
            ["severity", check.severity],
          ]
            .map(
              ([name, value]) =>
                `      <property name="${name}" value="${escapeXml(value ?? "")}"/>\n`,
            )
            .join("")}    </properties>\n`;
    yield `  <testsuite name="${escapeXml(id)}" ${countAttributes(countsOf(cases))}>\n${properties}`;
    for (const finding of cases) yield testcase(finding);
    yield "  </testsuite>\n";
  }
  yield governanceSuite(report);
  yield "</testsuites>\n";
}

export function junit(report: ScanReport, options: FormatOptions): string {
  return joinChunks(renderJunit(report, options));
}

/**
 * The maturity stages and the compliance view, as the properties of a suite with no test
 * cases: JUnit has no other place for facts about the whole run, and CI tools show properties.
 */
function governanceSuite(report: ScanReport): string {
  const properties: [string, string][] = [
    ...(report.maturity ?? []).map((m): [string, string] => [
      `maturity.${m.pillar}`,
      m.next === undefined ? m.stage : `${m.stage} (next: ${m.next})`,
    ]),
    ...(report.compliance?.clauses ?? []).map((clause): [string, string] => [
      `compliance.${report.compliance?.framework ?? ""}.${clause.clause}`,
      `${clause.status}: ${clause.passed} passed, ${clause.failed} failed, ${clause.skipped} skipped (${clause.controls.join(", ")})`,
    ]),
  ];
  if (properties.length === 0) return "";
  const lines = properties
    .map(
      ([name, value]) =>
        `      <property name="${escapeXml(name)}" value="${escapeXml(value)}"/>\n`,
    )
    .join("");
  return `  <testsuite name="zero-trust-governance" tests="0" failures="0" errors="0" skipped="0">\n    <properties>\n${lines}    </properties>\n  </testsuite>\n`;
}
