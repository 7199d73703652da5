import {
  bindingsOf,
  formatSubject,
  isDefaultBroadGrant,
  type BindingSubject,
} from "../../model/cluster-config-rbac.ts";
import type { Severity } from "../../model/check-meta.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "all-authenticated-grants";

/** Groups every authenticated user, or every ServiceAccount (of a namespace), belongs to. */
function breadthOf(subject: BindingSubject): Severity | undefined {
  if (subject.kind !== "Group") return undefined;
  if (subject.name === "system:authenticated" || subject.name === "system:serviceaccounts")
    return "high";
  return subject.name.startsWith("system:serviceaccounts:") ? "medium" : undefined;
}

export const allAuthenticatedGrants: Check = {
  id,
  title: "No binding grants a role to every authenticated user or every ServiceAccount",
  pillar: "identity",
  severity: "high",
  scope: "cluster",
  reads: ["ClusterRoleBinding", "RoleBinding"],
  frameworks: {
    cis: ["5.1.2", "5.1.4"],
    "nsa-cisa": ["Authentication and authorization: Role-based access control"],
    "nist-800-207": ["Tenet 3", "Tenet 6"],
    "cisa-ztmm": ["Identity: Access Management"],
    gdpr: ["Art. 25(2)"],
    "pci-dss": ["7.2.1", "7.2.2"],
    soc2: ["CC6.3"],
  },
  remediation:
    "Replace the group subject with the specific users, groups or ServiceAccounts that need the role.",
  description:
    "system:authenticated includes every ServiceAccount of every namespace and, on many clouds, any account of the provider; system:serviceaccounts includes every workload. Kubernetes' own discovery and self-review grants are excused.",
  evaluate: ({ inventory }) =>
    bindingsOf(inventory).map((binding) => {
      const granted = binding.subjects.flatMap((subject) => {
        const severity = breadthOf(subject);
        return severity === undefined || isDefaultBroadGrant(binding, subject)
          ? []
          : [{ subject, severity }];
      });
      const ref = binding.entry.ref;
      if (granted.length === 0)
        return pass(id, ref, "Grants nothing to all-users or all-ServiceAccounts groups");
      const subjects = granted.map((grant) => formatSubject(grant.subject));
      const severity = granted.some((grant) => grant.severity === "high") ? "high" : "medium";
      return fail(
        id,
        ref,
        `Grants ${binding.roleKind} ${binding.roleName} to ${subjects.join(", ")}`,
        { role: `${binding.roleKind}/${binding.roleName}`, subjects },
        severity,
      );
    }),
};
