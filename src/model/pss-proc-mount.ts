// The /proc mount rule, which the baseline and restricted levels both apply (the baseline one
// relaxed for user-namespace pods from v1.35), and what the two controls map to.
import { containersOf } from "./containers.ts";
import type { FrameworkMapping } from "./check-meta.ts";
import { stringAt } from "./fields.ts";
import { containerViolation, type PssViolation } from "./pod-security.ts";
import type { PodTemplateView } from "./pod-template.ts";

/** Containers whose `procMount` is set to anything but Default (the masked /proc). */
export function procMountViolations(pod: PodTemplateView): readonly PssViolation[] {
  return containersOf(pod.spec).flatMap((container) => {
    const procMount = stringAt(container.spec, "securityContext", "procMount");
    return procMount === undefined || procMount === "Default"
      ? []
      : [containerViolation(container, procMount, "securityContext", "procMount")];
  });
}

export const PROC_MOUNT_FRAMEWORKS: FrameworkMapping = {
  cis: ["5.7.3"],
  "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
  "nist-800-207": ["Tenet 5"],
  "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
  gdpr: ["Art. 32(1)(b)"],
  "pci-dss": ["2.2.6"],
  soc2: ["CC6.8"],
};
