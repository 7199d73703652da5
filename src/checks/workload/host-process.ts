import { containersOf } from "../../model/containers.ts";
import { booleanAt } from "../../model/fields.ts";
import {
  containerViolation,
  evaluatePssControl,
  pssTags,
  type PssControl,
  type PssViolation,
} from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const HOST_PROCESS = ["securityContext", "windowsOptions", "hostProcess"] as const;

const pss: PssControl = {
  id: "host-process",
  level: "baseline",
  control: "HostProcess",
  since: 0,
  judge: (pod) => {
    const violations: PssViolation[] = [];
    if (booleanAt(pod.spec, ...HOST_PROCESS) === true) {
      violations.push({ field: `spec.${HOST_PROCESS.join(".")}`, value: true });
    }
    for (const container of containersOf(pod.spec)) {
      if (booleanAt(container.spec, ...HOST_PROCESS) === true) {
        violations.push(containerViolation(container, true, ...HOST_PROCESS));
      }
    }
    return violations;
  },
};

export const hostProcess: Check = {
  id: pss.id,
  title: "Pods do not run Windows HostProcess containers",
  pillar: "workload",
  severity: "critical",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.2.11"],
    "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    hipaa: ["164.312(a)(1)"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.1", "CC6.8"],
  },
  remediation:
    "Remove `securityContext.windowsOptions.hostProcess: true` from the pod and its containers.",
  description:
    "A HostProcess container runs as a process on the Windows node with the node's privileges: no isolation is left.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
