import { reachSummary } from "../../engines/netpol/reach.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";
import { REACH_KINDS } from "../../engines/netpol/kinds.ts";

const id = "pod-lateral-movement";

/** Reaching more than this share of the other pods makes a pod a springboard. */
const MAX_SHARE = 0.5;

export const podLateralMovement: Check = {
  id,
  title: "A compromised pod can reach at most half of the other pods",
  pillar: "network",
  severity: "medium",
  scope: "cluster",
  reads: REACH_KINDS,
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Network policies"],
    "nist-800-207": ["Tenet 3", "Tenet 6"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.3.1", "1.3.2"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Isolate the pod for egress and allow only the services it calls; isolate the other pods for ingress so that only their callers reach them.",
  description: `Lateral movement reach: how many pods a compromised pod could open a connection to (a workload template counts once for its replicas). More than ${MAX_SHARE * 100}% of the others fails.`,
  tags: { threshold: String(MAX_SHARE) },
  evaluate: ({ engines }) => {
    const { netpol } = engines;
    const others = netpol.pods.length - 1;
    const summary = reachSummary(netpol);
    return netpol.pods.map((pod, index) => {
      if (others < 2) return skip(id, pod.ref, "Fewer than three pods in the input");
      const reachable = summary.reachable[index] ?? 0;
      const evidence = {
        reachable,
        of: others,
        namespaces: summary.reachesNamespaces(index),
      };
      const message = `Can reach ${reachable} of ${others} other pods`;
      return reachable / others > MAX_SHARE
        ? fail(id, pod.ref, message, evidence)
        : pass(id, pod.ref, message, evidence);
    });
  },
};
