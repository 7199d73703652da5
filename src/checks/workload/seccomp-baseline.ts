import { containersOf } from "../../model/containers.ts";
import type { PodTemplateView } from "../../model/pod-template.ts";
import {
  containerViolation,
  evaluatePssControl,
  profileTypeAt,
  pssTags,
  type PssControl,
  type PssViolation,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const PROFILE = ["securityContext", "seccompProfile"] as const;

const ALLOWED = ["RuntimeDefault", "Localhost"];

/** The forbidden type a pod or container sets, if any (a profile with no type names ""). */
function badType(owner: unknown): string | undefined {
  const type = profileTypeAt(owner, "seccompProfile");
  return type === undefined || ALLOWED.includes(type) ? undefined : type;
}

// Before v1.19 seccomp was set by alpha annotations, and the standard judged those.
function annotationViolations(pod: PodTemplateView): PssViolation[] {
  const keys = [
    "seccomp.security.alpha.kubernetes.io/pod",
    ...containersOf(pod.spec).map(
      (c) => `container.seccomp.security.alpha.kubernetes.io/${c.name}`,
    ),
  ];
  return [...new Set(keys)].sort().flatMap((key) => {
    const value = pod.annotations[key];
    const allowed =
      value === undefined ||
      value === "runtime/default" ||
      value === "docker/default" ||
      value.startsWith("localhost/");
    return allowed ? [] : [{ field: `metadata.annotations['${key}']`, value }];
  });
}

const pss: PssControl = {
  id: "seccomp-baseline",
  level: "baseline",
  control: "Seccomp",
  since: 0,
  judge: (pod, minor) => {
    if (minor < 19) return annotationViolations(pod);
    const podType = badType(pod.spec);
    return [
      ...(podType === undefined
        ? []
        : [{ field: "spec.securityContext.seccompProfile.type", value: podType }]),
      ...containersOf(pod.spec).flatMap((container) => {
        const type = badType(container.spec);
        return type === undefined ? [] : [containerViolation(container, type, ...PROFILE, "type")];
      }),
    ];
  },
};

export const seccompBaseline: Check = {
  id: pss.id,
  title: "Seccomp is not set to Unconfined",
  pillar: "workload",
  severity: "high",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.7.2"],
    "nsa-cisa": ["Kubernetes Pod security: Hardening container environments"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.8"],
  },
  remediation: "Set `seccompProfile.type` to RuntimeDefault or Localhost; never Unconfined.",
  description:
    "Seccomp filters the system calls a container may make; Unconfined opens the whole kernel surface.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
