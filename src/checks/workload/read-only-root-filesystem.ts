import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { booleanAt } from "../../model/fields.ts";
import { containerField, isWindowsPod } from "../../model/pod-security.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "read-only-root-filesystem";

const WINDOWS = "Windows pod: `readOnlyRootFilesystem` is Linux-only";

export const readOnlyRootFilesystem: Check = {
  id,
  title: "Containers run with a read-only root file system",
  pillar: "workload",
  severity: "medium",
  scope: "object",
  reads: [...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    cis: ["5.7.3"],
    "nsa-cisa": ["Kubernetes Pod security: Immutable container file systems"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    hipaa: ["164.312(c)(1)"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.8"],
  },
  remediation:
    "Set `securityContext.readOnlyRootFilesystem: true`; mount an emptyDir where the process must write.",
  description:
    "An attacker who cannot write to the container's file system cannot drop tools or change the application.",
  evaluate: ({ inventory }) =>
    inventory.pods.map((pod) => {
      // The API server refuses this Linux-only field on Windows pods.
      if (isWindowsPod(pod)) return skip(id, pod.ownerRef, WINDOWS);
      const writable = containersOf(pod.spec)
        .filter((c) => booleanAt(c.spec, "securityContext", "readOnlyRootFilesystem") !== true)
        .map((c) => ({
          container: c.name,
          field: containerField(c, "securityContext", "readOnlyRootFilesystem"),
        }));
      return writable.length === 0
        ? pass(id, pod.ownerRef, "Every container's root file system is read-only")
        : fail(
            id,
            pod.ownerRef,
            `Writable root file system: ${writable.map((w) => w.container).join(", ")}`,
            { violations: writable },
          );
    }),
};
