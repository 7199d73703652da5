import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { stringAt } from "../../model/fields.ts";
import {
  containerViolation,
  evaluatePssControl,
  pssTags,
  type PssControl,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";

// Before v1.35 baseline's /proc control was unconditional and restricted inherited it. From
// v1.35 baseline exempts user-namespace pods, and restricted keeps the unconditional rule here.
const pss: PssControl = {
  id: "proc-mount-restricted",
  level: "restricted",
  control: "/proc Mount Type",
  since: 35,
  judge: (pod) =>
    containersOf(pod.spec).flatMap((container) => {
      const procMount = stringAt(container.spec, "securityContext", "procMount");
      return procMount === undefined || procMount === "Default"
        ? []
        : [containerViolation(container, procMount, "securityContext", "procMount")];
    }),
};

export const procMountRestricted: Check = {
  id: pss.id,
  title: "Containers keep the default masked /proc, even in a user namespace",
  pillar: "workload",
  severity: "low",
  scope: "object",
  reads: ["Namespace", "AdmissionConfiguration", ...WORKLOAD_KINDS],
  frameworks: {
    cis: ["5.7.3"],
    "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.8"],
  },
  remediation: "Remove `securityContext.procMount` or set it to Default.",
  description:
    "User namespaces limit what an unmasked /proc exposes, but restricted still keeps it masked.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
