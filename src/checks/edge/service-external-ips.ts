import { stringsAt } from "../../model/fields.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "service-external-ips";

export const serviceExternalIps: Check = {
  id,
  title: "Services do not set externalIPs",
  pillar: "edge",
  severity: "high",
  scope: "object",
  reads: ["Service"],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Network policies"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    "pci-dss": ["1.3.1"],
    soc2: ["CC6.6"],
  },
  remediation:
    "Remove `spec.externalIPs`; block the field cluster-wide with the DenyServiceExternalIPs admission plugin or a policy.",
  description:
    "Nodes capture traffic to any externalIP a Service claims: whoever can create a Service can intercept traffic to that address (CVE-2020-8554).",
  evaluate: ({ inventory }) =>
    inventory.ofKind("Service", "").map((entry) => {
      const ips = stringsAt(entry.object, "spec", "externalIPs");
      return ips.length === 0
        ? pass(id, entry.ref, "No externalIPs")
        : fail(id, entry.ref, `Exposed on externalIPs ${ips.join(", ")}`, { externalIPs: ips });
    }),
};
