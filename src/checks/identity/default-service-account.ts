import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { fail, pass } from "../../model/results.ts";
import { isStaticPod } from "../../model/cluster-config.ts";
import type { Check } from "../check.ts";
import { serviceAccountNameOfSpec } from "../../model/service-account-name.ts";

const id = "default-service-account";

export const defaultServiceAccount: Check = {
  id,
  title: "Workloads run under a ServiceAccount of their own, not the namespace's default",
  pillar: "identity",
  severity: "medium",
  scope: "object",
  reads: [...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    cis: ["5.1.5"],
    "nsa-cisa": ["Authentication and authorization: Authentication"],
    "nist-800-207": ["Tenet 1", "Tenet 6"],
    "cisa-ztmm": ["Identity: Identity Stores"],
    hipaa: ["164.312(a)(2)(i)"],
    "pci-dss": ["8.2.1", "8.2.2"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Create a ServiceAccount for the workload and set `spec.serviceAccountName` in its pod template.",
  description:
    "Every pod of a namespace that names no ServiceAccount shares `default`: one identity for many workloads, so RBAC, mesh and network policies cannot tell them apart.",
  evaluate: ({ inventory }) =>
    inventory.pods
      .filter((pod) => !isStaticPod(pod))
      .map((pod) => {
        const name = serviceAccountNameOfSpec(pod.spec);
        return name === "default"
          ? fail(
              id,
              pod.ownerRef,
              `Runs as the default ServiceAccount of namespace ${pod.namespace}`,
              {
                serviceAccount: `${pod.namespace}/default`,
              },
            )
          : pass(id, pod.ownerRef, `Runs as ServiceAccount ${pod.namespace}/${name}`);
      }),
};
