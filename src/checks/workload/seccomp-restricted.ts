import { containersOf } from "../../model/containers.ts";
import {
  containerViolation,
  evaluatePssControl,
  isWindowsPod,
  profileTypeAt,
  pssTags,
  type PssControl,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const PROFILE = ["securityContext", "seccompProfile"] as const;
const ALLOWED = ["RuntimeDefault", "Localhost"];

const pss: PssControl = {
  id: "seccomp-restricted",
  level: "restricted",
  control: "Seccomp",
  since: 19,
  judge: (pod, minor) => {
    // Windows has no seccomp and the API server refuses the field on Windows pods.
    if (minor >= 25 && isWindowsPod(pod)) return [];
    const podType = profileTypeAt(pod.spec, "seccompProfile");
    const podAllowed = podType !== undefined && ALLOWED.includes(podType);
    return [
      ...(podType === undefined || podAllowed
        ? []
        : [{ field: "spec.securityContext.seccompProfile.type", value: podType }]),
      // A container may leave its profile unset only when the pod sets an allowed one.
      ...containersOf(pod.spec).flatMap((container) => {
        const type = profileTypeAt(container.spec, "seccompProfile");
        const allowed = type === undefined ? podAllowed : ALLOWED.includes(type);
        return allowed ? [] : [containerViolation(container, type, ...PROFILE, "type")];
      }),
    ];
  },
};

export const seccompRestricted: Check = {
  id: pss.id,
  title: "Seccomp is set to RuntimeDefault or Localhost for every container",
  pillar: "workload",
  severity: "medium",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.7.2"],
    "nsa-cisa": ["Kubernetes Pod security: Hardening container environments"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 25(1)", "Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.8"],
  },
  remediation:
    "Set `spec.securityContext.seccompProfile.type: RuntimeDefault` on the pod (or Localhost with a reviewed profile).",
  description:
    "Without a seccomp profile a container may call every system call the kernel offers.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
