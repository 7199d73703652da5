import type { CheckMeta, FrameworkMapping, Pillar, ResultStatus, Severity } from "./check-meta.ts";
import type { Diagnostic } from "./diagnostic.ts";
import type { ComplianceView, PillarMaturity } from "./governance.ts";
import type { ObjectRef } from "./kube-object.ts";

/** Bumped on any change to the JSON shape; documented in docs/report-schema.md. */
export const REPORT_SCHEMA_VERSION = "1.1.0";

/** Why a failing result does not count. */
export interface Suppression {
  readonly by: "annotation" | "exception";
  readonly owner?: string;
  readonly reason?: string;
  /** ISO date (YYYY-MM-DD) after which the exception no longer applies. */
  readonly expires?: string;
}

/** A result joined with its control's metadata: what every report format prints. */
export interface Finding {
  readonly checkId: string;
  readonly title: string;
  readonly status: ResultStatus;
  readonly severity: Severity;
  readonly pillar: Pillar;
  readonly resource: ObjectRef;
  readonly message: string;
  readonly remediation: string;
  readonly frameworks: FrameworkMapping;
  readonly evidence?: Readonly<Record<string, unknown>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly suppressed?: Suppression;
}

export interface Score {
  /** 0-100, severity-weighted share of passed targets; null when nothing was judged. */
  readonly score: number | null;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly errors: number;
}

export interface PillarScore extends Score {
  readonly pillar: Pillar;
}

export interface ReportSummary {
  readonly objects: number;
  readonly files: number;
  /** Objects of kinds no control reads, by `apiVersion/kind`. */
  readonly unknownKinds: Readonly<Record<string, number>>;
  readonly checks: number;
  /** Failed, unsuppressed findings by severity. */
  readonly failedBySeverity: Readonly<Record<Severity, number>>;
  readonly suppressed: number;
}

/** The whole outcome of a scan; every formatter is a pure function of it. */
export interface ScanReport {
  readonly schemaVersion: string;
  readonly tool: { readonly name: string; readonly version: string };
  /** ISO timestamp, supplied by the caller (the core never reads the clock). */
  readonly generatedAt: string;
  /** Where the objects came from: paths, `-`, or `cluster:<context>`. */
  readonly sources: readonly string[];
  /** False when some input could not be read: the findings cover only what was. */
  readonly complete: boolean;
  readonly summary: ReportSummary;
  readonly scores: { readonly overall: Score; readonly pillars: readonly PillarScore[] };
  /** Every result that counts, pass included, so that each control has a denominator. */
  readonly findings: readonly Finding[];
  /** Failing results silenced by an annotation or a live exception. */
  readonly suppressed: readonly Finding[];
  readonly diagnostics: readonly Diagnostic[];
  /** The controls that ran (for SARIF rules and JUnit suites). */
  readonly checks: readonly CheckMeta[];
  /** CISA ZTMM stage per pillar (docs/maturity.md). */
  readonly maturity?: readonly PillarMaturity[];
  /** The compliance view, when a framework was asked for (`--framework`). */
  readonly compliance?: ComplianceView;
}
