import { containersOf } from "../../model/containers.ts";
import { objectAt } from "../../model/fields.ts";
import {
  containerViolation,
  evaluatePssControl,
  isWindowsPod,
  pssTags,
  type PssControl,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const pss: PssControl = {
  id: "privilege-escalation",
  level: "restricted",
  control: "Privilege Escalation",
  since: 8,
  judge: (pod, minor) => {
    // Windows pods cannot set the field; the standard exempts them from v1.25.
    if (minor >= 25 && isWindowsPod(pod)) return [];
    return containersOf(pod.spec).flatMap((container) => {
      // Unset means allowed (the kernel's no_new_privs is off): only an explicit false passes.
      const value = objectAt(container.spec, "securityContext")?.["allowPrivilegeEscalation"];
      return value === false
        ? []
        : [
            containerViolation(
              container,
              value ?? undefined,
              "securityContext",
              "allowPrivilegeEscalation",
            ),
          ];
    });
  },
};

export const privilegeEscalation: Check = {
  id: pss.id,
  title: "Containers set allowPrivilegeEscalation: false",
  pillar: "workload",
  severity: "high",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.2.6"],
    "nsa-cisa": ["Kubernetes Pod security: Non-root containers and rootless container engines"],
    "nist-800-207": ["Tenet 3", "Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    hipaa: ["164.312(a)(1)"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.1", "CC6.8"],
  },
  remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container.",
  description:
    "Without no_new_privs a process can gain privileges through setuid binaries or file capabilities.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
