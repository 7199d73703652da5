import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";
import { POD_KINDS } from "../../engines/netpol/kinds.ts";

const id = "network-policy-selects-pods";

export const networkPolicySelectsPods: Check = {
  id,
  title: "NetworkPolicies select at least one pod",
  pillar: "network",
  severity: "low",
  scope: "cluster",
  reads: [...POD_KINDS, "NetworkPolicy"],
  frameworks: {
    "nist-800-207": ["Tenet 4"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.2.7"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Fix the podSelector (labels are case-sensitive and must match the pod template's labels, not the workload's) or delete the policy.",
  description:
    "A policy that selects nothing protects nothing: usually a label typo, and the pods it was meant for stay open.",
  evaluate: ({ engines }) =>
    engines.netpol.policies.map((policy) => {
      const selected = engines.netpol.selectedPods(policy.id);
      return selected.length === 0
        ? fail(id, policy.ref, "Selects no pod or workload template in the input")
        : pass(id, policy.ref, `Selects ${selected.length} pod(s) or workload template(s)`);
    }),
};
