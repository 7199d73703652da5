import { containersOf } from "../../model/containers.ts";
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

const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const PROFILE = ["securityContext", "appArmorProfile"] as const;

const ALLOWED = ["RuntimeDefault", "Localhost"];

/** The forbidden type a pod or container sets, if any (a profile with no type names ""). */
function badType(owner: unknown): string | undefined {
  const type = profileTypeAt(owner, "appArmorProfile");
  return type === undefined || ALLOWED.includes(type) ? undefined : type;
}

const pss: PssControl = {
  id: "apparmor-profile",
  level: "baseline",
  control: "AppArmor",
  since: 0,
  judge: (pod) => {
    const violations: PssViolation[] = [];
    const podType = badType(pod.spec);
    if (podType !== undefined) {
      violations.push({ field: "spec.securityContext.appArmorProfile.type", value: podType });
    }
    for (const container of containersOf(pod.spec)) {
      const type = badType(container.spec);
      if (type !== undefined)
        violations.push(containerViolation(container, type, ...PROFILE, "type"));
    }
    // The legacy annotations: any key with the prefix, whether or not it names a container.
    for (const [key, value] of Object.entries(pod.annotations).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const allowed = value === "" || value === "runtime/default" || value.startsWith("localhost/");
      if (key.startsWith(ANNOTATION_PREFIX) && !allowed) {
        violations.push({ field: `metadata.annotations['${key}']`, value });
      }
    }
    return violations;
  },
};

export const apparmorProfile: Check = {
  id: pss.id,
  title: "AppArmor is not disabled or overridden with an unconfined profile",
  pillar: "workload",
  severity: "medium",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.7.3"],
    "nsa-cisa": ["Kubernetes Pod security: Hardening container environments"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.8"],
  },
  remediation:
    "Set `appArmorProfile.type` to RuntimeDefault or Localhost (or remove it); never Unconfined.",
  description: "AppArmor confines what a compromised process may touch on the node.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
