import type { Severity } from "../../../model/check-meta.ts";
import type { JsonObject } from "../../../model/fields.ts";

export const FINDING_TYPES = ["privilege-escalation", "lateral-movement", "hygiene"] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

/** The techniques paths are built from; each is tested in paths.test.ts. */
export const TECHNIQUES = [
  "direct-grant",
  "create-workload",
  "privileged-workload",
  "hostpath-persistentvolume",
  "relabel-namespace-pod-security",
  "read-secrets",
  "read-service-account-token-secret",
  "create-token-secret",
  "serviceaccount-token",
  "pod-exec",
  "pod-attach",
  "ephemeral-containers",
  "nodes-proxy",
  "impersonate",
  "bind-role",
  "escalate-role",
  "approve-csr",
  "control-admission-webhooks",
  "modify-network-policy",
  "compromised-workload",
  "hygiene",
] as const;
export type Technique = (typeof TECHNIQUES)[number];

export interface FindingSubject {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** One step of a path: what the subject does, and the grants (binding, role, rule) enabling it. */
export interface PathStep {
  readonly technique: Technique;
  readonly action: string;
  /** The identity reached, when the step changes who we act as. */
  readonly becomes?: string;
  readonly grants: readonly JsonObject[];
}

export interface PathFinding {
  readonly type: FindingType;
  readonly subject: FindingSubject;
  readonly impact: string;
  readonly severity: Severity;
  readonly techniques: readonly Technique[];
  readonly path: readonly PathStep[];
}

const RANKS: Readonly<Record<string, number>> = {
  "cluster-admin": 100,
  "cluster-compromise": 95,
  "impersonate-any-identity-via-client-cert": 95,
  "node-compromise": 80,
  "namespace-admin": 60,
  "act-as-any-sa": 55,
  "run-as-any-sa": 55,
  "read-secrets": 50,
  "namespace-edit": 45,
  identity: 40,
  "code-exec": 30,
  write: 20,
};

/** How much an impact is worth, to keep the strongest path and to order findings. */
export function impactRank(impact: string): number {
  if (impact === "node-compromise:all") return 90;
  if (impact === "read-secrets:cluster") return 85;
  const colon = impact.indexOf(":");
  return RANKS[colon < 0 ? impact : impact.slice(0, colon)] ?? 10;
}

export function severityOfImpact(impact: string): Severity {
  const rank = impactRank(impact);
  if (rank >= 80) return "critical";
  if (rank >= 50) return "high";
  if (rank >= 30) return "medium";
  return "low";
}
