import { isEmptySelector } from "../../engines/label-selector.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";
import { POD_KINDS } from "../../engines/netpol/kinds.ts";

const id = "namespace-default-deny";

export const namespaceDefaultDeny: Check = {
  id,
  title: "Namespaces deny ingress and egress by default",
  pillar: "network",
  severity: "high",
  scope: "cluster",
  reads: [...POD_KINDS, "NetworkPolicy"],
  frameworks: {
    cis: ["5.3.2"],
    "nsa-cisa": ["Network separation and hardening: default deny network policies"],
    "nist-800-207": ["Tenet 3", "Tenet 4"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.2.1", "1.3.1", "1.3.2"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` to the namespace, then allow each needed flow explicitly.",
  description:
    "A policy that selects every pod of a namespace makes deny the default for pods that exist and for pods created later; without it, a new workload starts reachable from everywhere.",
  evaluate: ({ engines }) => {
    const { netpol } = engines;
    const namespaces = [...new Set(netpol.pods.map((pod) => pod.namespace))].sort();
    // Policies by namespace once: a filter per namespace would be quadratic.
    const policiesIn = Map.groupBy(netpol.policies, (policy) => policy.namespace);
    return namespaces.map((namespace) => {
      const target = { apiVersion: "v1", kind: "Namespace", name: namespace };
      const baseline = (policiesIn.get(namespace) ?? []).filter((policy) =>
        isEmptySelector(policy.podSelector),
      );
      const missing = (["ingress", "egress"] as const).filter(
        (direction) => !baseline.some((policy) => policy[direction] !== undefined),
      );
      return missing.length === 0
        ? pass(id, target, `Default deny by ${baseline.map((p) => p.name).join(", ")}`)
        : fail(id, target, `No policy selects every pod for ${missing.join(" and ")}`, {
            missing,
          });
    });
  },
};
