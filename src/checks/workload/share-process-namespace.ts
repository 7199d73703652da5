import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { booleanAt } from "../../model/fields.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "share-process-namespace";

export const shareProcessNamespace: Check = {
  id,
  title: "Containers of a pod do not share one process namespace",
  pillar: "workload",
  severity: "low",
  scope: "object",
  reads: [...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    "nsa-cisa": ["Kubernetes Pod security: Hardening container environments"],
    "nist-800-207": ["Tenet 3"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    soc2: ["CC6.1"],
  },
  remediation: "Remove `shareProcessNamespace: true` unless a debugging sidecar truly needs it.",
  description:
    "With a shared process namespace every container sees, signals and reads /proc/<pid>/root of the others: one compromise reaches the sidecars' secrets.",
  evaluate: ({ inventory }) =>
    inventory.pods.map((pod) =>
      booleanAt(pod.spec, "shareProcessNamespace") === true
        ? fail(id, pod.ownerRef, "Containers share one process namespace", {
            violations: [{ field: "spec.shareProcessNamespace", value: true }],
          })
        : pass(id, pod.ownerRef, "Each container has its own process namespace"),
    ),
};
