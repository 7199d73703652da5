import type { FrameworkId, Pillar } from "./check-meta.ts";

/** CISA Zero Trust Maturity Model v2 stages, lowest first. */
export const ZTMM_STAGES = ["traditional", "initial", "advanced", "optimal"] as const;
export type ZtmmStage = (typeof ZTMM_STAGES)[number];

/** Where a pillar stands, and what keeps it from the next stage. */
export interface PillarMaturity {
  readonly pillar: Pillar;
  readonly stage: ZtmmStage;
  /** The next stage up, absent at `optimal`. */
  readonly next?: ZtmmStage;
  /** Controls required for `next` that pass on under the threshold share of their targets. */
  readonly failing: readonly string[];
  /** Controls required for `next` that could not be observed (only skips): never passed. */
  readonly unknown: readonly string[];
}

/** One clause of a framework and the controls behind it. */
export interface ComplianceClause {
  readonly clause: string;
  readonly controls: readonly string[];
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** `fail` when any target fails; `pass` when some pass and none fail; else `unknown`. */
  readonly status: "pass" | "fail" | "unknown";
}

export interface ComplianceView {
  readonly framework: FrameworkId;
  readonly clauses: readonly ComplianceClause[];
}
