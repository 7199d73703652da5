import { PILLARS, type CheckMeta, type Severity } from "../model/check-meta.ts";
import { ZTMM_STAGES, type PillarMaturity, type ZtmmStage } from "../model/governance.ts";
import type { Finding } from "../model/report.ts";

/** A stage is reached when each of its required controls passes on this share of targets. */
export const STAGE_THRESHOLD = 0.95;

/**
 * The stage a control is required for, from its severity (docs/maturity.md): the critical
 * controls make Initial, high ones Advanced, the rest Optimal.
 */
export const STAGE_BY_SEVERITY: Readonly<Record<Severity, Exclude<ZtmmStage, "traditional">>> = {
  critical: "initial",
  high: "advanced",
  medium: "optimal",
  low: "optimal",
  info: "optimal",
};

type ControlState = "met" | "failing" | "unknown";

/** Per pillar, the highest CISA ZTMM stage whose required controls are all met. */
export function maturityOf(
  checks: readonly CheckMeta[],
  findings: readonly Finding[],
): readonly PillarMaturity[] {
  const states = controlStates(checks, findings);
  return PILLARS.map((pillar) => {
    const controls = checks.filter((check) => check.pillar === pillar);
    const observed = controls.some((check) => states.get(check.id) !== "unknown");
    let stage: ZtmmStage = "traditional";
    for (const candidate of ZTMM_STAGES.slice(1)) {
      const required = controls.filter(
        (check) =>
          ZTMM_STAGES.indexOf(STAGE_BY_SEVERITY[check.severity]) <= ZTMM_STAGES.indexOf(candidate),
      );
      const unmet = required.filter((check) => states.get(check.id) !== "met");
      // A stage that adds no control of its own (a pillar without critical controls, say) is
      // passed through, but only by a pillar something was observed of: no evidence, no stage.
      if (required.length === 0 ? !observed : unmet.length > 0) {
        return {
          pillar,
          stage,
          next: candidate,
          failing: unmet.filter((check) => states.get(check.id) === "failing").map((c) => c.id),
          unknown: unmet.filter((check) => states.get(check.id) !== "failing").map((c) => c.id),
        };
      }
      stage = candidate;
    }
    return { pillar, stage, failing: [], unknown: [] };
  });
}

function controlStates(
  checks: readonly CheckMeta[],
  findings: readonly Finding[],
): ReadonlyMap<string, ControlState> {
  const counts = new Map<string, { passed: number; failed: number }>();
  for (const finding of findings) {
    const count = counts.get(finding.checkId) ?? { passed: 0, failed: 0 };
    if (finding.status === "pass") count.passed += 1;
    if (finding.status === "fail") count.failed += 1;
    counts.set(finding.checkId, count);
  }
  return new Map(
    checks.map((check) => {
      const count = counts.get(check.id);
      const judged = (count?.passed ?? 0) + (count?.failed ?? 0);
      if (count === undefined || judged === 0) return [check.id, "unknown"];
      return [check.id, count.passed / judged >= STAGE_THRESHOLD ? "met" : "failing"];
    }),
  );
}
