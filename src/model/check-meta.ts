import type { ObjectRef } from "./kube-object.ts";

export const PILLARS = ["identity", "network", "edge", "data", "workload", "visibility"] as const;
/** The zero-trust pillar a control belongs to (see docs/architecture). */
export type Pillar = (typeof PILLARS)[number];

/** From most to least severe; the order is used by `--fail-on` and sorting. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FRAMEWORKS = [
  "cis",
  "nsa-cisa",
  "nist-800-207",
  "cisa-ztmm",
  "hipaa",
  "gdpr",
  "pci-dss",
  "soc2",
] as const;
/** A compliance framework a control maps to. Mapping guidance, not legal advice. */
export type FrameworkId = (typeof FRAMEWORKS)[number];

/** The clauses of each framework a control supports, e.g. `{ cis: ["5.1.1"] }`. */
export type FrameworkMapping = Readonly<Partial<Record<FrameworkId, readonly string[]>>>;

/**
 * `object`: judges objects one at a time, so it also runs at admission.
 * `cluster`: needs the whole snapshot (reachability, bindings across objects, ...).
 */
export type CheckScope = "object" | "cluster";

/** Everything about a control except how it evaluates: what reports and docs show. */
export interface CheckMeta {
  /** kebab-case, equal to the file name. */
  readonly id: string;
  /** States the good condition: "Containers do not run privileged". */
  readonly title: string;
  readonly pillar: Pillar;
  readonly severity: Severity;
  readonly scope: CheckScope;
  readonly frameworks: FrameworkMapping;
  /** What to change to pass, in one or two sentences. */
  readonly remediation: string;
  /** Why the control matters for zero trust; shown in docs and SARIF help. */
  readonly description?: string;
  /** Extra facts a finding carries, e.g. Pod Security Standards `level` and `control`. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Kinds without which the control cannot judge: when one of them could not be read (a live
   * scan refused it), the control reports one `skip` naming the kind instead of guessing from
   * its absence (no NetworkPolicy read is not "no NetworkPolicy").
   */
  readonly reads?: readonly string[];
  /**
   * Kinds among `reads` that the control judges one object at a time, each object's verdict
   * independent of the others of that kind. When only such kinds could not be read, the
   * control still judges what was read and adds one `skip` naming the kinds it could not see:
   * a refused CronJob list leaves CronJobs unjudged, not every pod control silent.
   */
  readonly judges?: readonly string[];
}

export const RESULT_STATUSES = ["pass", "fail", "skip", "error"] as const;
/** `error` means the control could not be evaluated; it is never a `fail`. */
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** One verdict of one control on one target. */
export interface Result {
  readonly checkId: string;
  readonly status: ResultStatus;
  readonly target: ObjectRef;
  readonly message: string;
  /** Facts that explain the verdict: the container, the rule, the binding -> role -> rule. */
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** Overrides the control's severity for this result (e.g. a grant to cluster-admin). */
  readonly severity?: Severity;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is `threshold` or more severe. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}
