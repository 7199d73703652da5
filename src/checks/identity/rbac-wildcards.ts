import { objectsAt, stringsAt } from "../../model/fields.ts";
import { isBootstrapRole, RBAC_API_GROUP } from "../../model/cluster-config-rbac.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "rbac-wildcards";

// `*` in a field, and the `*/subresource` (resources) and `prefix*` (URLs) forms RBAC also expands.
function wildcards(rule: unknown): readonly string[] {
  return [
    ...stringsAt(rule, "verbs")
      .filter((verb) => verb === "*")
      .map(() => "verbs"),
    ...stringsAt(rule, "apiGroups")
      .filter((group) => group === "*")
      .map(() => "apiGroups"),
    ...stringsAt(rule, "resources")
      .filter((resource) => resource === "*" || resource.startsWith("*/"))
      .map(() => "resources"),
    ...stringsAt(rule, "nonResourceURLs")
      .filter((url) => url.endsWith("*"))
      .map(() => "nonResourceURLs"),
  ];
}

export const rbacWildcards: Check = {
  id,
  title: "Roles and ClusterRoles name their verbs, groups and resources without wildcards",
  pillar: "identity",
  severity: "high",
  scope: "object",
  reads: ["ClusterRole", "Role"],
  frameworks: {
    cis: ["5.1.3"],
    "nsa-cisa": ["Authentication and authorization: Role-based access control"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Access Management"],
    gdpr: ["Art. 25(2)"],
    "pci-dss": ["7.2.2"],
    soc2: ["CC6.3"],
  },
  remediation:
    "List the exact verbs, API groups and resources the role needs; a wildcard also grants whatever resources and verbs are added later.",
  evaluate: ({ inventory }) =>
    (["ClusterRole", "Role"] as const).flatMap((kind) =>
      inventory.ofKind(kind, RBAC_API_GROUP).map((entry) => {
        const { name, labels } = entry.object.metadata;
        if (
          isBootstrapRole(kind, entry.namespace, name) &&
          labels?.["kubernetes.io/bootstrapping"] === "rbac-defaults"
        ) {
          return pass(id, entry.ref, "Kubernetes bootstrap role");
        }
        const rules = objectsAt(entry.object, "rules").flatMap((rule, index) => {
          const fields = [...new Set(wildcards(rule))];
          return fields.length === 0 ? [] : [{ rule: index, fields }];
        });
        return rules.length === 0
          ? pass(id, entry.ref, "No wildcard in any rule")
          : fail(
              id,
              entry.ref,
              `Wildcards in ${rules.map((rule) => `rules[${rule.rule}] (${rule.fields.join(", ")})`).join(", ")}`,
              { rules },
            );
      }),
    ),
};
