import { reachSummary } from "../../engines/netpol/reach.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";
import { REACH_KINDS } from "../../engines/netpol/kinds.ts";

const id = "pod-reachable-from-all-namespaces";

export const podReachableFromAllNamespaces: Check = {
  id,
  title: "Pods are not reachable from every namespace",
  pillar: "network",
  severity: "medium",
  scope: "cluster",
  reads: REACH_KINDS,
  frameworks: {
    cis: ["5.3.2"],
    "nsa-cisa": ["Network separation and hardening: Network policies"],
    "nist-800-207": ["Tenet 3"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.3.1"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Allow ingress only from the namespaces and pods that call the workload (namespaceSelector AND podSelector in one peer), not from `namespaceSelector: {}`.",
  description:
    "A pod that every namespace can reach is one hop from any compromised workload of the cluster.",
  evaluate: ({ engines }) => {
    const { netpol } = engines;
    const namespaces = [...new Set(netpol.pods.map((pod) => pod.namespace))].sort();
    const summary = reachSummary(netpol);
    return netpol.pods.map((pod, index) => {
      const others = namespaces.length - 1;
      if (others < 2) return skip(id, pod.ref, "Fewer than two other namespaces have pods");
      // Sources are pods, so the namespaces reaching it are among those with pods.
      const reaching = summary.reachedFromOtherNamespaces[index] ?? 0;
      return reaching === others
        ? fail(id, pod.ref, `Reachable from pods of all ${others} other namespaces`, {
            namespaces: namespaces.filter((namespace) => namespace !== pod.namespace),
          })
        : pass(id, pod.ref, `Reachable from ${reaching} of ${others} other namespaces`);
    });
  },
};
