import { bindingsOf, formatSubject } from "../../model/cluster-config-rbac.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "cluster-admin-bindings";

export const clusterAdminBindings: Check = {
  id,
  title: "Only the bootstrap binding grants cluster-admin",
  pillar: "identity",
  severity: "critical",
  scope: "cluster",
  reads: ["ClusterRoleBinding", "RoleBinding"],
  frameworks: {
    cis: ["5.1.1"],
    "nsa-cisa": ["Authentication and authorization: Role-based access control"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Access Management"],
    hipaa: ["164.312(a)(1)"],
    gdpr: ["Art. 25(2)", "Art. 32(1)(b)"],
    "pci-dss": ["7.2.1", "7.2.2"],
    soc2: ["CC6.3"],
  },
  remediation:
    "Bind a role with only the verbs and resources the subject needs; keep cluster-admin for break-glass access through the system:masters binding.",
  evaluate: ({ inventory }) =>
    bindingsOf(inventory).map((binding) => {
      const ref = binding.entry.ref;
      if (binding.roleKind !== "ClusterRole" || binding.roleName !== "cluster-admin") {
        return pass(id, ref, `Binds ${binding.roleKind} ${binding.roleName}, not cluster-admin`);
      }
      // The apiserver's own binding: ClusterRoleBinding cluster-admin -> Group system:masters.
      const isBootstrap =
        binding.kind === "ClusterRoleBinding" &&
        binding.name === "cluster-admin" &&
        binding.subjects.every(
          (subject) => subject.kind === "Group" && subject.name === "system:masters",
        );
      if (isBootstrap)
        return pass(id, ref, "The bootstrap binding of cluster-admin to system:masters");
      const subjects = binding.subjects.map(formatSubject);
      const scope =
        binding.kind === "ClusterRoleBinding"
          ? "every namespace"
          : `namespace ${binding.namespace ?? ""}`;
      return fail(
        id,
        ref,
        `Grants cluster-admin in ${scope} to ${subjects.join(", ") || "no subject"}`,
        { subjects },
        binding.kind === "ClusterRoleBinding" ? "critical" : "high",
      );
    }),
};
