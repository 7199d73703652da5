import {
  bindingsOf,
  formatSubject,
  isBootstrapRole,
  RBAC_API_GROUP,
} from "../../model/cluster-config-rbac.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "dangling-bindings";

export const danglingBindings: Check = {
  id,
  title: "Bindings refer to roles and ServiceAccounts that exist",
  pillar: "identity",
  severity: "medium",
  scope: "cluster",
  reads: ["ClusterRoleBinding", "RoleBinding", "ClusterRole", "Role", "ServiceAccount"],
  frameworks: {
    "nsa-cisa": ["Authentication and authorization: Role-based access control"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Identity Stores"],
    "pci-dss": ["7.2.4", "8.2.6"],
    soc2: ["CC6.2", "CC6.3"],
  },
  remediation:
    "Delete the binding, or create the role or ServiceAccount it names on purpose; whoever creates that name later inherits the grant.",
  description:
    "Users and groups are not objects and cannot be checked. Bootstrap roles and each namespace's `default` ServiceAccount always exist. With manifests, an object defined outside the input is reported as missing: pass all of them.",
  evaluate: ({ inventory }) =>
    bindingsOf(inventory).map((binding) => {
      const missing: string[] = [];
      if (binding.kind === "ClusterRoleBinding" && binding.roleKind !== "ClusterRole") {
        missing.push(
          `roleRef ${binding.roleKind} ${binding.roleName} (a ClusterRoleBinding can only bind a ClusterRole)`,
        );
      } else if (
        !isBootstrapRole(binding.roleKind, binding.namespace, binding.roleName) &&
        inventory.get(binding.roleKind, binding.namespace, binding.roleName, RBAC_API_GROUP) ===
          undefined
      ) {
        missing.push(
          `${binding.roleKind} ${binding.roleKind === "Role" ? `${binding.namespace ?? ""}/` : ""}${binding.roleName}`,
        );
      }
      for (const subject of binding.subjects) {
        // Every namespace has a `default` ServiceAccount.
        if (
          subject.kind !== "ServiceAccount" ||
          (subject.name === "default" && subject.namespace !== undefined)
        ) {
          continue;
        }
        if (subject.namespace === undefined) {
          missing.push(`${formatSubject(subject)} (no namespace: matches nobody)`);
        } else if (
          inventory.get("ServiceAccount", subject.namespace, subject.name, "") === undefined
        ) {
          missing.push(formatSubject(subject));
        }
      }
      const ref = binding.entry.ref;
      return missing.length === 0
        ? pass(id, ref, "Its role and ServiceAccounts exist")
        : fail(id, ref, `Refers to what does not exist: ${missing.join(", ")}`, { missing });
    }),
};
