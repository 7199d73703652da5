import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";
import { ISOLATION_KINDS } from "../../engines/netpol/kinds.ts";

const id = "pod-isolated";

export const podIsolated: Check = {
  id,
  title: "Every pod is selected by a NetworkPolicy for ingress and egress",
  pillar: "network",
  severity: "high",
  scope: "cluster",
  reads: ISOLATION_KINDS,
  frameworks: {
    cis: ["5.3.2"],
    "nsa-cisa": ["Network separation and hardening: Network policies"],
    "nist-800-207": ["Tenet 3"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.3.1", "1.3.2"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Select the workload with NetworkPolicies of both policy types (a namespace default deny does it for every pod), then allow only the flows it needs.",
  description:
    "A pod no policy selects for a direction accepts, or opens, every connection in that direction.",
  evaluate: ({ engines }) =>
    engines.netpol.pods.map((pod) => {
      if (pod.hostNetwork) {
        return fail(id, pod.ref, "hostNetwork pod: NetworkPolicy never applies to it", {
          hostNetwork: true,
        });
      }
      const open = (["ingress", "egress"] as const).filter(
        (direction) => !engines.netpol.isIsolated(pod, direction),
      );
      return open.length === 0
        ? pass(id, pod.ref, "Isolated for ingress and egress")
        : fail(id, pod.ref, `No NetworkPolicy selects it for ${open.join(" and ")}`, {
            notIsolated: open,
          });
    }),
};
