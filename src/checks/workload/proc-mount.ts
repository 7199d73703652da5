import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { stringAt } from "../../model/fields.ts";
import {
  containerViolation,
  evaluatePssControl,
  isUserNamespacePod,
  pssTags,
  type PssControl,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";

const pss: PssControl = {
  id: "proc-mount",
  level: "baseline",
  control: "/proc Mount Type",
  since: 0,
  judge: (pod, minor) => {
    // From v1.35 baseline lets a pod in its own user namespace unmask /proc; restricted does not.
    if (minor >= 35 && isUserNamespacePod(pod)) return [];
    return containersOf(pod.spec).flatMap((container) => {
      const procMount = stringAt(container.spec, "securityContext", "procMount");
      return procMount === undefined || procMount === "Default"
        ? []
        : [containerViolation(container, procMount, "securityContext", "procMount")];
    });
  },
};

export const procMount: Check = {
  id: pss.id,
  title: "Containers keep the default masked /proc",
  pillar: "workload",
  severity: "medium",
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
  description: "An unmasked /proc exposes kernel interfaces the runtime hides from containers.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
