import {
  bindingsOf,
  formatSubject,
  isDefaultBroadGrant,
  type BindingSubject,
} from "../../model/cluster-config-rbac.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "anonymous-grants";

/** Unauthenticated requests run as user system:anonymous in group system:unauthenticated. */
function isAnonymous(subject: BindingSubject): boolean {
  return (
    (subject.kind === "User" && subject.name === "system:anonymous") ||
    (subject.kind === "Group" && subject.name === "system:unauthenticated")
  );
}

export const anonymousGrants: Check = {
  id,
  title: "No binding grants a role to unauthenticated requests",
  pillar: "identity",
  severity: "critical",
  scope: "cluster",
  reads: ["ClusterRoleBinding", "RoleBinding"],
  frameworks: {
    "nsa-cisa": ["Authentication and authorization: Authentication"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Authentication", "Identity: Access Management"],
    hipaa: ["164.312(d)"],
    "pci-dss": ["8.2.1", "8.3.1"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Remove `system:anonymous` and `system:unauthenticated` from the binding's subjects; grant the role to authenticated identities.",
  description:
    "Kubernetes' own grants to unauthenticated requests (system:public-info-viewer: health and version endpoints) and kubeadm's cluster-info ConfigMap reader are excused.",
  evaluate: ({ inventory }) =>
    bindingsOf(inventory).map((binding) => {
      // kubeadm lets joining nodes read kube-public/cluster-info before they have credentials.
      const isKubeadmClusterInfo =
        binding.kind === "RoleBinding" &&
        binding.namespace === "kube-public" &&
        binding.name === "kubeadm:bootstrap-signer-clusterinfo" &&
        binding.roleName === binding.name;
      const granted = binding.subjects.filter(
        (subject) =>
          isAnonymous(subject) && !isDefaultBroadGrant(binding, subject) && !isKubeadmClusterInfo,
      );
      const ref = binding.entry.ref;
      if (granted.length === 0) return pass(id, ref, "Grants nothing to unauthenticated requests");
      const subjects = granted.map(formatSubject);
      return fail(
        id,
        ref,
        `Grants ${binding.roleKind} ${binding.roleName} to ${subjects.join(", ")}`,
        {
          role: `${binding.roleKind}/${binding.roleName}`,
          subjects,
        },
      );
    }),
};
