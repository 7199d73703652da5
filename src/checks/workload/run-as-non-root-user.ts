import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { numberAt } from "../../model/fields.ts";
import {
  containerViolation,
  evaluatePssControl,
  isUserNamespacePod,
  pssTags,
  type PssControl,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";

const RUN_AS_USER = ["securityContext", "runAsUser"] as const;

const pss: PssControl = {
  id: "run-as-non-root-user",
  level: "restricted",
  control: "Running as Non-root user",
  since: 23,
  judge: (pod, minor) => {
    // From v1.35 a pod in its own user namespace is relaxed: UID 0 maps to an unprivileged UID.
    if (minor >= 35 && isUserNamespacePod(pod)) return [];
    return [
      ...(numberAt(pod.spec, ...RUN_AS_USER) === 0
        ? [{ field: "spec.securityContext.runAsUser", value: 0 }]
        : []),
      ...containersOf(pod.spec)
        .filter((container) => numberAt(container.spec, ...RUN_AS_USER) === 0)
        .map((container) => containerViolation(container, 0, ...RUN_AS_USER)),
    ];
  },
};

export const runAsNonRootUser: Check = {
  id: pss.id,
  title: "Pods and containers do not set runAsUser: 0",
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
  remediation: "Set `runAsUser` to a non-zero UID, or leave it unset with `runAsNonRoot: true`.",
  description: "runAsUser: 0 runs the container's processes as root whatever the image says.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
