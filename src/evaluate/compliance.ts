import type { CheckMeta, FrameworkId } from "../model/check-meta.ts";
import type { ComplianceClause, ComplianceView } from "../model/governance.ts";
import type { Finding } from "../model/report.ts";

/** The compliance view of one framework: each clause, its controls, their pass/fail counts. */
export function complianceOf(
  framework: FrameworkId,
  checks: readonly CheckMeta[],
  findings: readonly Finding[],
): ComplianceView {
  const controlsByClause = new Map<string, string[]>();
  for (const check of checks) {
    for (const clause of check.frameworks[framework] ?? []) {
      controlsByClause.set(clause, [...(controlsByClause.get(clause) ?? []), check.id]);
    }
  }
  const byControl = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byControl.get(finding.checkId);
    if (list === undefined) byControl.set(finding.checkId, [finding]);
    else list.push(finding);
  }
  const clauses: ComplianceClause[] = [...controlsByClause]
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .map(([clause, controls]) => {
      const results = controls.flatMap((id) => byControl.get(id) ?? []);
      const passed = results.filter((result) => result.status === "pass").length;
      const failed = results.filter((result) => result.status === "fail").length;
      const skipped = results.length - passed - failed;
      const status = failed > 0 ? "fail" : passed > 0 ? "pass" : "unknown";
      return { clause, controls, passed, failed, skipped, status };
    });
  return { framework, clauses };
}
