import { reachSummary } from "../../engines/netpol/reach.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "pod-reachable-from-all-namespaces";

export const podReachableFromAllNamespaces: Check = {
  id,
  title: "Pods are not reachable from every namespace",
  pillar: "network",
  severity: "medium",
  scope: "cluster",
  reads: ["NetworkPolicy"],
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
    const namespaces = new Set(netpol.pods.map((pod) => pod.namespace));
    const summary = reachSummary(netpol);
    return netpol.pods.map((pod, index) => {
      const others = [...namespaces].filter((namespace) => namespace !== pod.namespace);
      if (others.length < 2) return skip(id, pod.ref, "Fewer than two other namespaces have pods");
      const from = summary.reachedFromNamespaces[index] ?? new Set();
      const reaching = others.filter((namespace) => from.has(namespace));
      return reaching.length === others.length
        ? fail(id, pod.ref, `Reachable from pods of all ${others.length} other namespaces`, {
            namespaces: reaching.sort(),
          })
        : pass(
            id,
            pod.ref,
            `Reachable from ${reaching.length} of ${others.length} other namespaces`,
          );
    });
  },
};
