import type { Check } from "../checks/check.ts";
import {
  PILLARS,
  SEVERITIES,
  severityRank,
  type CheckMeta,
  type FrameworkId,
  type Result,
  type Severity,
} from "../model/check-meta.ts";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { Inventory } from "../model/inventory.ts";
import { REPORT_SCHEMA_VERSION, type Finding, type ScanReport } from "../model/report.ts";
import { complianceOf } from "./compliance.ts";
import { isLive, type ExceptionEntry } from "./exceptions.ts";
import { maturityOf } from "./maturity.ts";
import { scoreReport } from "./scores.ts";
import { suppressionLookup } from "./suppression.ts";

export interface BuildReportInput {
  readonly checks: readonly Check[];
  readonly results: readonly Result[];
  readonly inventory: Inventory;
  readonly diagnostics: readonly Diagnostic[];
  readonly exceptions: readonly ExceptionEntry[];
  readonly files: number;
  readonly sources: readonly string[];
  readonly now: Date;
  readonly tool: { readonly name: string; readonly version: string };
  /** Adds the compliance view of this framework. */
  readonly framework?: FrameworkId;
}

/** Joins results with their controls, applies suppressions and scores: the report as data. */
export function buildReport(input: BuildReportInput): ScanReport {
  const { inventory, exceptions, now } = input;
  const metaById = new Map(input.checks.map((check) => [check.id, check]));
  const suppressionOf = suppressionLookup(inventory, exceptions, now);
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const result of input.results) {
    const meta = metaById.get(result.checkId);
    if (meta === undefined) continue; // runChecks only reports under known ids
    const finding = findingOf(meta, result);
    const suppression = suppressionOf(result);
    if (suppression === undefined) findings.push(finding);
    else suppressed.push({ ...finding, suppressed: suppression });
  }
  // The controls report in inventory order, so these are runs already sorted: cheap for a merge
  // sort, cheaper than precomputing keys (measured at 100k objects).
  findings.sort(compareFindings);
  suppressed.sort(compareFindings);

  const diagnostics = [...input.diagnostics, ...expiredExceptionDiagnostics(exceptions, now)];
  const failedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<
    Severity,
    number
  >;
  for (const finding of findings) {
    if (finding.status === "fail") failedBySeverity[finding.severity] += 1;
  }
  const checkMetas = input.checks.map(metaOf);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: input.tool,
    generatedAt: now.toISOString(),
    sources: input.sources,
    complete:
      !diagnostics.some((diagnostic) => diagnostic.severity === "error") &&
      !findings.some((finding) => finding.status === "error"),
    summary: {
      objects: inventory.entries.length,
      files: input.files,
      unknownKinds: Object.fromEntries([...inventory.unknownKinds].sort()),
      checks: input.checks.length,
      failedBySeverity,
      suppressed: suppressed.length,
    },
    scores: scoreReport(findings),
    findings,
    suppressed,
    diagnostics,
    checks: checkMetas,
    maturity: maturityOf(checkMetas, findings),
    ...(input.framework === undefined
      ? {}
      : { compliance: complianceOf(input.framework, checkMetas, findings) }),
  };
}

function findingOf(meta: CheckMeta, result: Result): Finding {
  return {
    checkId: meta.id,
    title: meta.title,
    status: result.status,
    severity: result.severity ?? meta.severity,
    pillar: meta.pillar,
    resource: result.target,
    message: result.message,
    remediation: meta.remediation,
    frameworks: meta.frameworks,
    ...(result.evidence === undefined ? {} : { evidence: result.evidence }),
    ...(meta.tags === undefined ? {} : { tags: meta.tags }),
  };
}

/** Metadata only: a Check also carries its evaluate function, which no report wants. */
function metaOf(check: Check): CheckMeta {
  const { evaluate: _evaluate, ...meta } = check;
  return meta;
}

/** An exception past its date stops suppressing, and the user is told so. */
function expiredExceptionDiagnostics(
  exceptions: readonly ExceptionEntry[],
  now: Date,
): Diagnostic[] {
  return exceptions
    .filter((exception) => !isLive(exception, now))
    .map((exception) => ({
      severity: "warning",
      code: "exception-expired",
      message: `exception for ${exception.checks.join(", ")} (owner ${exception.owner}) expired on ${exception.expires}; its findings are reported again`,
      file: exception.file,
      ...(exception.line === undefined ? {} : { line: exception.line }),
    }));
}

const STATUS_ORDER = { fail: 0, error: 1, skip: 2, pass: 3 } as const;

/** Deterministic order: pillar, status, severity, control, resource. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    PILLARS.indexOf(a.pillar) - PILLARS.indexOf(b.pillar) ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    severityRank(a.severity) - severityRank(b.severity) ||
    a.checkId.localeCompare(b.checkId) ||
    (a.resource.namespace ?? "").localeCompare(b.resource.namespace ?? "") ||
    a.resource.kind.localeCompare(b.resource.kind) ||
    a.resource.name.localeCompare(b.resource.name)
  );
}
