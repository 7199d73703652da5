import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";
import { ISOLATION_KINDS } from "../../engines/netpol/kinds.ts";

const id = "namespace-isolation-holes";

export const namespaceIsolationHoles: Check = {
  id,
  title: "Namespaces with NetworkPolicies isolate every one of their pods",
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
    "Add a default deny (`podSelector: {}`) so that pods the other policies do not select are isolated too, or select them explicitly.",
  description:
    "A namespace with policies looks segmented, but a pod no policy selects (a new workload, a label typo) stays open in both directions: a hole in the wall.",
  evaluate: ({ engines }) => {
    const { netpol } = engines;
    // Pods and policies by namespace once: per namespace scans would be quadratic.
    const podsIn = Map.groupBy(netpol.pods, (pod) => pod.namespace);
    const namespaces = [...podsIn.keys()].sort();
    const withPolicies = new Set(netpol.policies.map((policy) => policy.namespace));
    return namespaces.map((namespace) => {
      const target = { apiVersion: "v1", kind: "Namespace", name: namespace };
      if (!withPolicies.has(namespace)) {
        return skip(id, target, "No NetworkPolicy in the namespace (see namespace-default-deny)");
      }
      const holes = (podsIn.get(namespace) ?? []).flatMap((pod) => {
        const open = (["ingress", "egress"] as const).filter(
          (direction) => pod.hostNetwork || !netpol.isIsolated(pod, direction),
        );
        return open.length === 0 ? [] : [`${pod.ref.kind} ${pod.name} (${open.join(", ")})`];
      });
      return holes.length === 0
        ? pass(id, target, "Every pod is isolated for ingress and egress")
        : fail(id, target, `Pods outside the isolation: ${holes.join("; ")}`, { pods: holes });
    });
  },
};
