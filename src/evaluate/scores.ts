import { PILLARS, type Severity } from "../model/check-meta.ts";
import type { Finding, PillarScore, Score } from "../model/report.ts";

/**
 * How much one target counts toward a score, by the severity of the control. A critical
 * control failing on one pod outweighs ten low ones passing; docs/scoring.md explains.
 */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 6,
  medium: 3,
  low: 1,
  info: 0.5,
};

/** Severity-weighted share of passed targets, 0-100 with one decimal; null when none judged. */
export function scoreOf(findings: readonly Finding[]): Score {
  let passedWeight = 0;
  let judgedWeight = 0;
  const counts = { passed: 0, failed: 0, skipped: 0, errors: 0 };
  for (const finding of findings) {
    const weight = SEVERITY_WEIGHTS[finding.severity];
    switch (finding.status) {
      case "pass":
        counts.passed += 1;
        passedWeight += weight;
        judgedWeight += weight;
        break;
      case "fail":
        counts.failed += 1;
        judgedWeight += weight;
        break;
      case "skip":
        counts.skipped += 1;
        break;
      case "error":
        counts.errors += 1;
        break;
    }
  }
  const score = judgedWeight === 0 ? null : Math.round((1000 * passedWeight) / judgedWeight) / 10;
  return { score, ...counts };
}

/** The overall score and one per pillar, in the fixed pillar order. */
export function scoreReport(findings: readonly Finding[]): {
  overall: Score;
  pillars: readonly PillarScore[];
} {
  return {
    overall: scoreOf(findings),
    pillars: PILLARS.map((pillar) => ({
      pillar,
      ...scoreOf(findings.filter((finding) => finding.pillar === pillar)),
    })),
  };
}
