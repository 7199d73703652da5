import { booleanAt } from "../../model/fields.ts";
import { evaluatePssControl, pssTags, type PssControl } from "../../model/pod-security.ts";
import type { Check } from "../check.ts";
import { PSS_JUDGES, PSS_READS } from "../../model/pss-reads.ts";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

const pss: PssControl = {
  id: "host-namespaces",
  level: "baseline",
  control: "Host Namespaces",
  since: 0,
  judge: (pod) =>
    HOST_NAMESPACES.filter((field) => booleanAt(pod.spec, field) === true).map((field) => ({
      field: `spec.${field}`,
      value: true,
    })),
};

export const hostNamespaces: Check = {
  id: pss.id,
  title: "Pods do not share the host's network, PID or IPC namespace",
  pillar: "workload",
  severity: "high",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: {
    cis: ["5.2.3", "5.2.4", "5.2.5"],
    "nsa-cisa": ["Kubernetes Pod security: Pod security enforcement"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    hipaa: ["164.312(a)(1)"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["2.2.6"],
    soc2: ["CC6.1", "CC6.8"],
  },
  remediation: "Remove `hostNetwork`, `hostPID` and `hostIPC: true` from the pod spec.",
  description:
    "A pod in the host's network namespace bypasses NetworkPolicy and sees node traffic; host PID and IPC expose every process on the node.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
