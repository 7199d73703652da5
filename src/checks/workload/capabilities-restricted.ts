import { containersOf } from "../../model/containers.ts";
import { objectAt, stringsAt } from "../../model/fields.ts";
import {
  containerViolation,
  evaluatePssControl,
  isWindowsPod,
  pssTags,
  type PssControl,
  type PssViolation,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const CAPABILITIES = ["securityContext", "capabilities"] as const;

const pss: PssControl = {
  id: "capabilities-restricted",
  level: "restricted",
  control: "Capabilities",
  since: 22,
  judge: (pod, minor) => {
    // Windows pods cannot set capabilities at all, so the API server already rules them out.
    if (minor >= 25 && isWindowsPod(pod)) return [];
    return containersOf(pod.spec).flatMap((container) => {
      const capabilities = objectAt(container.spec, ...CAPABILITIES);
      const forbidden = stringsAt(capabilities, "add").filter((add) => add !== "NET_BIND_SERVICE");
      const violations: PssViolation[] = [];
      if (!stringsAt(capabilities, "drop").includes("ALL")) {
        const drop = capabilities?.["drop"] ?? undefined;
        violations.push(containerViolation(container, drop, ...CAPABILITIES, "drop"));
      }
      if (forbidden.length > 0) {
        violations.push(containerViolation(container, forbidden, ...CAPABILITIES, "add"));
      }
      return violations;
    });
  },
};

export const capabilitiesRestricted: Check = {
  id: pss.id,
  title: "Containers drop ALL capabilities and add back at most NET_BIND_SERVICE",
  pillar: "workload",
  severity: "medium",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.2.9", "5.2.10"],
    "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
    "nist-800-207": ["Tenet 3", "Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 25(1)", "Art. 32(1)(b)"],
    "pci-dss": ["2.2.4", "2.2.6"],
    soc2: ["CC6.1", "CC6.8"],
  },
  remediation:
    'Set `securityContext.capabilities.drop: ["ALL"]` on every container; add back only NET_BIND_SERVICE when a low port is needed.',
  description:
    "Least privilege for the kernel: a container that needs no capability should hold none.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
