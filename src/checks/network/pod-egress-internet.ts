import { formatConns } from "../../engines/netpol/conn-set.ts";
import { externalExposure } from "../../engines/netpol/exposure.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";
import { ISOLATION_KINDS } from "../../engines/netpol/kinds.ts";

const id = "pod-egress-internet";

export const podEgressInternet: Check = {
  id,
  title: "Pods cannot open connections to the internet",
  pillar: "network",
  severity: "medium",
  scope: "cluster",
  reads: ISOLATION_KINDS,
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Network policies"],
    "nist-800-207": ["Tenet 3"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.3.2", "1.4.4"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Isolate the pod for egress and allow only in-cluster destinations and DNS; send needed outside traffic through an egress gateway or proxy, or name narrow CIDRs.",
  description:
    "Open egress lets a compromised pod pull tooling and exfiltrate data; public destinations are judged on the addresses a rule admits outside private, loopback and link-local ranges.",
  evaluate: ({ engines }) =>
    engines.netpol.pods.map((pod) => {
      const exposure = externalExposure(engines.netpol, pod, "egress", "internet");
      if (!exposure.exposed) return pass(id, pod.ref, "No rule allows internet destinations");
      const isolated = engines.netpol.isIsolated(pod, "egress") && !pod.hostNetwork;
      return fail(id, pod.ref, `May connect to the internet: ${exposure.reasons.join(", ")}`, {
        reasons: exposure.reasons,
        ...(isolated ? { connections: formatConns(exposure.conns) } : {}),
      });
    }),
};
