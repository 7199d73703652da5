import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { booleanAt } from "../../model/fields.ts";
import {
  containerViolation,
  evaluatePssControl,
  isUserNamespacePod,
  pssTags,
  type PssControl,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";

const NON_ROOT = ["securityContext", "runAsNonRoot"] as const;

const pss: PssControl = {
  id: "run-as-non-root",
  level: "restricted",
  control: "Running as Non-root",
  since: 0,
  judge: (pod, minor) => {
    // From v1.35 a pod in its own user namespace is relaxed: root there is not root on the node.
    if (minor >= 35 && isUserNamespacePod(pod)) return [];
    const podValue = booleanAt(pod.spec, ...NON_ROOT);
    return [
      ...(podValue === false ? [{ field: "spec.securityContext.runAsNonRoot", value: false }] : []),
      // A container left unset inherits the pod's true; an explicit false always fails.
      ...containersOf(pod.spec).flatMap((container) => {
        const value = booleanAt(container.spec, ...NON_ROOT);
        const satisfied = value === undefined ? podValue === true : value;
        return satisfied ? [] : [containerViolation(container, value, ...NON_ROOT)];
      }),
    ];
  },
};

export const runAsNonRoot: Check = {
  id: pss.id,
  title: "Containers run as non-root (runAsNonRoot: true)",
  pillar: "workload",
  severity: "high",
  scope: "object",
  reads: ["Namespace", "AdmissionConfiguration", ...WORKLOAD_KINDS],
  frameworks: {
    cis: ["5.2.7"],
    "nsa-cisa": ["Kubernetes Pod security: Non-root containers and rootless container engines"],
    "nist-800-207": ["Tenet 3", "Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    hipaa: ["164.312(a)(1)"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.1", "CC6.8"],
  },
  remediation:
    "Set `spec.securityContext.runAsNonRoot: true` and build the image with a non-root USER.",
  description:
    "Root in a container is root on the node's kernel: one escape away from owning the node.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
