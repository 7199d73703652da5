import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { arrayAt, numberAt } from "../../model/fields.ts";
import { containerViolation, isWindowsPod, type PssViolation } from "../../model/pod-security.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "non-root-groups";

const WINDOWS = "Windows pod: `runAsGroup` is Linux-only";

export const nonRootGroups: Check = {
  id,
  title: "Pods run with a non-root primary group and no root supplementary group",
  pillar: "workload",
  severity: "low",
  scope: "object",
  reads: [...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    "nsa-cisa": ["Kubernetes Pod security: Non-root containers and rootless container engines"],
    "nist-800-207": ["Tenet 3"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Set a non-zero `runAsGroup` on the pod (or every container); keep GID 0 out of `fsGroup` and `supplementalGroups`.",
  description:
    "Files owned by group root are often writable by it; GID 0 hands a non-root process that access.",
  evaluate: ({ inventory }) =>
    inventory.pods.map((pod) => {
      // The API server refuses this Linux-only field on Windows pods.
      if (isWindowsPod(pod)) return skip(id, pod.ownerRef, WINDOWS);
      const violations: PssViolation[] = [];
      const podGroup = numberAt(pod.spec, "securityContext", "runAsGroup");
      if (podGroup === 0) violations.push({ field: "spec.securityContext.runAsGroup", value: 0 });
      if (numberAt(pod.spec, "securityContext", "fsGroup") === 0) {
        violations.push({ field: "spec.securityContext.fsGroup", value: 0 });
      }
      arrayAt(pod.spec, "securityContext", "supplementalGroups").forEach((group, index) => {
        if (group === 0) {
          violations.push({ field: `spec.securityContext.supplementalGroups[${index}]`, value: 0 });
        }
      });
      // Unset at both levels means the image's group, usually root: the group must be stated.
      for (const c of containersOf(pod.spec)) {
        const group = numberAt(c.spec, "securityContext", "runAsGroup") ?? podGroup;
        if (group === 0 || group === undefined) {
          violations.push(containerViolation(c, group, "securityContext", "runAsGroup"));
        }
      }
      return violations.length === 0
        ? pass(id, pod.ownerRef, "Every container runs with a non-root group")
        : fail(
            id,
            pod.ownerRef,
            `Root or unset group: ${violations.map((v) => v.field).join(", ")}`,
            {
              violations,
            },
          );
    }),
};
