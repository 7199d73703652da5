import { PILLARS, severityRank, type Pillar } from "../model/check-meta.ts";
import type { ObjectRef } from "../model/kube-object.ts";
import type { Finding, PillarScore, ScanReport, Score } from "../model/report.ts";

// What several formats share: one order for findings, one way to print a location and a score.

/** Code-unit order: deterministic, unlike localeCompare, whose result depends on the machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return (
    compareText(a.namespace ?? "", b.namespace ?? "") ||
    compareText(a.kind, b.kind) ||
    compareText(a.name, b.name) ||
    compareText(a.file ?? "", b.file ?? "") ||
    (a.line ?? 0) - (b.line ?? 0)
  );
}

/** Most severe first, then by resource, then by control, then by message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareRefs(a.resource, b.resource) ||
    compareText(a.checkId, b.checkId) ||
    compareText(a.message, b.message)
  );
}

/** Failing findings worth listing (`fail` and `error`), in report order. */
export function problemsOf(findings: readonly Finding[]): Finding[] {
  return findings
    .filter((finding) => finding.status === "fail" || finding.status === "error")
    .sort(compareFindings);
}

/** `file:line`, `file`, or undefined when the object did not come from a file. */
export function locationOf(ref: ObjectRef): string | undefined {
  if (ref.file === undefined) return undefined;
  return ref.line === undefined ? ref.file : `${ref.file}:${ref.line}`;
}

export function scoreText(score: Score): string {
  return score.score === null ? "n/a" : String(Math.round(score.score));
}

/** Every pillar in the canonical order, with the report's score or an empty one. */
export function pillarScores(report: ScanReport): readonly PillarScore[] {
  return PILLARS.map(
    (pillar: Pillar) =>
      report.scores.pillars.find((score) => score.pillar === pillar) ?? {
        pillar,
        score: null,
        passed: 0,
        failed: 0,
        skipped: 0,
        errors: 0,
      },
  );
}
