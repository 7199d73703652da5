import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "default-namespace";

export const defaultNamespace: Check = {
  id,
  title: "Workloads do not run in the default namespace",
  pillar: "workload",
  severity: "low",
  scope: "object",
  reads: [...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    cis: ["5.7.1", "5.7.4"],
    "nsa-cisa": ["Network separation and hardening: Namespaces"],
    "cisa-ztmm": ["Networks: Network Segmentation"],
    soc2: ["CC6.1"],
  },
  remediation: "Move the workload to a namespace of its own, with its own policies and RBAC.",
  description:
    "Namespaces are the unit of Pod Security, NetworkPolicy and RBAC; `default` usually has none of them tailored.",
  evaluate: ({ inventory }) =>
    inventory.pods.map((pod) =>
      pod.namespace === "default"
        ? fail(id, pod.ownerRef, "Runs in the default namespace", { namespace: pod.namespace })
        : pass(id, pod.ownerRef, `Runs in namespace ${pod.namespace}`),
    ),
};
