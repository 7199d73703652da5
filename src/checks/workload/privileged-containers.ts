import { containersOf } from "../../model/containers.ts";
import { booleanAt } from "../../model/fields.ts";
import {
  containerViolation,
  evaluatePssControl,
  pssTags,
  type PssControl,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const pss: PssControl = {
  id: "privileged-containers",
  level: "baseline",
  control: "Privileged Containers",
  since: 0,
  judge: (pod) =>
    containersOf(pod.spec)
      .filter((container) => booleanAt(container.spec, "securityContext", "privileged") === true)
      .map((container) => containerViolation(container, true, "securityContext", "privileged")),
};

export const privilegedContainers: Check = {
  id: pss.id,
  title: "Containers do not run privileged",
  pillar: "workload",
  severity: "critical",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.2.2"],
    "nsa-cisa": ["Kubernetes Pod security: Non-root containers and rootless container engines"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    hipaa: ["164.312(a)(1)"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.1", "2.2.6"],
    soc2: ["CC6.1", "CC6.8"],
  },
  remediation:
    "Remove `securityContext.privileged: true`; grant only the specific capabilities the container needs.",
  description:
    "A privileged container has every capability and the host's devices: escaping to the node is one step.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
