import { booleanAt } from "../../model/fields.ts";
import { containersOf } from "../../model/containers.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "privileged-containers";

export const privilegedContainers: Check = {
  id,
  title: "Containers do not run privileged",
  pillar: "workload",
  severity: "critical",
  scope: "object",
  frameworks: {
    cis: ["5.2.2"],
    "nsa-cisa": ["Pod security: non-root, unprivileged containers"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    "pci-dss": ["2.2.1"],
    soc2: ["CC6.8"],
  },
  remediation:
    "Remove `securityContext.privileged: true`; grant only the specific capabilities the container needs.",
  description:
    "A privileged container has every capability and the host's devices: escaping to the node is one step.",
  tags: {
    standard: "pod-security-standards",
    level: "baseline",
    control: "Privileged Containers",
  },
  evaluate: ({ inventory }) =>
    inventory.pods.map((pod) => {
      const privileged = containersOf(pod.spec)
        .filter((container) => booleanAt(container.spec, "securityContext", "privileged") === true)
        .map((container) => container.name);
      return privileged.length === 0
        ? pass(id, pod.ownerRef, "No container runs privileged")
        : fail(id, pod.ownerRef, `Privileged containers: ${privileged.join(", ")}`, {
            containers: privileged,
          });
    }),
};
