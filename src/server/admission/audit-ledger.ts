import { parseAllDocuments } from "yaml";
import type { CheckMeta } from "../../model/check-meta.ts";
import { auditReport, type AuditedAdmission } from "../../evaluate/admission/audit-report.ts";
import { renderPolicyReport } from "../../reports/policy-report.ts";

/**
 * What audit-mode admission recorded, kept in memory: the latest admission of each object,
 * at most `limit` objects (the oldest record goes first), so memory stays bounded however long
 * the server runs. Nothing here survives a restart: the PolicyReports describe what this
 * process admitted.
 */
export interface AuditLedger {
  /** Records an admitted object's audited failures; none means it is clean now. */
  readonly record: (admission: AuditedAdmission) => void;
  readonly size: () => number;
  /** Records pushed out by the limit since the start. */
  readonly evicted: () => number;
  /** `wgpolicyk8s.io/v1alpha2` PolicyReports (per namespace) and a ClusterPolicyReport. */
  readonly policyReports: (now: Date) => readonly unknown[];
}

export function createAuditLedger(checks: readonly CheckMeta[], limit = 10_000): AuditLedger {
  const records = new Map<string, AuditedAdmission>();
  let evicted = 0;
  return {
    record: (admission) => {
      const { kind, namespace, name } = admission.resource;
      const key = `${kind}/${namespace ?? ""}/${name}`;
      // Delete first: a re-admitted object moves to the newest end of the eviction order.
      records.delete(key);
      if (admission.verdicts.length === 0) return;
      records.set(key, admission);
      for (const oldest of records.keys()) {
        if (records.size <= limit) break;
        records.delete(oldest);
        evicted += 1;
      }
    },
    size: () => records.size,
    evicted: () => evicted,
    policyReports: (now) => {
      const report = auditReport([...records.values()], checks, now);
      // One renderer for the format, shared with `tenet scan -o policyreport`.
      const text = [...renderPolicyReport(report, { color: false })].join("");
      return parseAllDocuments(text).map((document) => document.toJS() as unknown);
    },
  };
}
