import { formatConns } from "../../engines/netpol/conn-set.ts";
import { externalExposure } from "../../engines/netpol/exposure.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";
import { POD_KINDS } from "../../engines/netpol/kinds.ts";

const id = "pod-reachable-from-outside";

export const podReachableFromOutside: Check = {
  id,
  title: "Pods accept connections from outside the cluster only through named CIDRs",
  pillar: "network",
  severity: "high",
  scope: "cluster",
  reads: [...POD_KINDS, "NetworkPolicy"],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Network policies"],
    "nist-800-207": ["Tenet 2", "Tenet 3"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.4.1", "1.4.2"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Isolate the pod for ingress and admit outside traffic only from the load balancer or ingress controller (by pod selector) or from narrow ipBlock CIDRs.",
  description:
    "A pod not isolated for ingress, or with a rule open to any peer or to internet CIDRs, accepts connections from outside the cluster wherever routing lets them in.",
  evaluate: ({ engines }) =>
    engines.netpol.pods.map((pod) => {
      const exposure = externalExposure(engines.netpol, pod, "ingress", "internet");
      if (!exposure.exposed) return pass(id, pod.ref, "No rule admits internet addresses");
      const ports = exposure.conns;
      return fail(
        id,
        pod.ref,
        `Accepts connections from internet addresses: ${exposure.reasons.join(", ")}`,
        {
          reasons: exposure.reasons,
          ...(exposure.reasons.some(
            (r) => r.startsWith("not isolated") || r.startsWith("hostNetwork"),
          )
            ? {}
            : { connections: formatConns(ports) }),
        },
      );
    }),
};
