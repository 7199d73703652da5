import { SEVERITIES, type CheckMeta, type Severity } from "../../model/check-meta.ts";
import type { ObjectRef } from "../../model/kube-object.ts";
import { REPORT_SCHEMA_VERSION, type Finding, type ScanReport } from "../../model/report.ts";
import { scoreReport } from "../scores.ts";
import type { ControlVerdict } from "./decide.ts";

/** An object the webhook admitted although `audit`-mode controls failed on it. */
export interface AuditedAdmission {
  readonly resource: ObjectRef;
  readonly operation: string;
  /** ISO time of the admission (the report's own time is when it is rendered). */
  readonly admittedAt: string;
  readonly verdicts: readonly ControlVerdict[];
}

/**
 * The audited admissions as a scan report, so that every report format (PolicyReport first)
 * renders them as it renders a scan: one `fail` finding per audited control and object.
 */
export function auditReport(
  records: readonly AuditedAdmission[],
  checks: readonly CheckMeta[],
  generatedAt: Date,
): ScanReport {
  const byId = new Map(checks.map((check) => [check.id, check]));
  const findings: Finding[] = [];
  for (const record of records) {
    for (const verdict of record.verdicts) {
      const check = byId.get(verdict.checkId);
      if (check === undefined) continue; // a control removed since: nothing to describe it by
      findings.push({
        checkId: verdict.checkId,
        title: verdict.title,
        status: "fail",
        severity: verdict.severity,
        pillar: check.pillar,
        resource: record.resource,
        message: verdict.message,
        remediation: verdict.remediation,
        frameworks: check.frameworks,
        tags: {
          ...check.tags,
          admission: "audit",
          operation: record.operation,
          admittedAt: record.admittedAt,
        },
      });
    }
  }
  const failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<
    Severity,
    number
  >;
  for (const finding of findings) failedBySeverity[finding.severity] += 1;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "tenet", version: "admission" },
    generatedAt: generatedAt.toISOString(),
    sources: ["admission"],
    complete: true,
    summary: {
      objects: records.length,
      files: 0,
      unknownKinds: {},
      checks: byId.size,
      failedBySeverity,
      suppressed: 0,
    },
    scores: scoreReport(findings),
    findings,
    suppressed: [],
    diagnostics: [],
    checks,
  };
}
