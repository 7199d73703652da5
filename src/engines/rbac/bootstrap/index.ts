import type { KubeObject } from "../../../model/kube-object.ts";
import v136 from "./v1.36.json" with { type: "json" };

/** The bootstrap policies Tenet knows, by Kubernetes minor version. */
export const BOOTSTRAP_POLICY_VERSIONS = ["v1.36"] as const;
export type BootstrapPolicyVersion = (typeof BOOTSTRAP_POLICY_VERSIONS)[number];
export const DEFAULT_BOOTSTRAP_POLICY: BootstrapPolicyVersion = "v1.36";

interface BootstrapFile {
  readonly version: string;
  readonly objects: readonly unknown[];
}

const files: Readonly<Record<BootstrapPolicyVersion, BootstrapFile>> = { "v1.36": v136 };

/**
 * The default ClusterRoles, Roles and bindings a kube-apiserver of that version creates
 * (label `kubernetes.io/bootstrapping=rbac-defaults`), as derived by
 * scripts/k8s/derive-bootstrap-policy.ts.
 */
export function bootstrapPolicy(version: BootstrapPolicyVersion): readonly KubeObject[] {
  return files[version].objects as readonly KubeObject[];
}

export function isBootstrapPolicyVersion(value: string): value is BootstrapPolicyVersion {
  return BOOTSTRAP_POLICY_VERSIONS.some((version) => version === value);
}

/**
 * The rules the Node authorizer gives every node (bootstrappolicy.NodeRules): the apiserver
 * writes the same list into the `system:node` ClusterRole, which is where the derived file has it.
 */
export function nodeRulesOf(version: BootstrapPolicyVersion): readonly unknown[] {
  const role = bootstrapPolicy(version).find(
    (object) => object.kind === "ClusterRole" && object.metadata.name === "system:node",
  );
  const rules = role?.["rules"];
  return Array.isArray(rules) ? rules : [];
}
