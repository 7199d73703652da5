import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { isWindowsPod } from "../../model/pod-security.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "user-namespaces";

export const userNamespaces: Check = {
  id,
  title: "Pods run in their own user namespace (hostUsers: false)",
  pillar: "workload",
  severity: "low",
  scope: "object",
  reads: [...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    "nsa-cisa": ["Kubernetes Pod security: Non-root containers and rootless container engines"],
    "nist-800-207": ["Tenet 5"],
    "cisa-ztmm": ["Applications and Workloads: Application Threat Protections"],
    gdpr: ["Art. 32(1)(b)"],
    soc2: ["CC6.8"],
  },
  remediation:
    "Set `spec.hostUsers: false` (Kubernetes v1.33+ with a runtime that supports user namespaces).",
  description:
    "In a user namespace, root in the container maps to an unprivileged user on the node, so an escape lands without privilege.",
  evaluate: ({ inventory }) =>
    inventory.pods.map((pod) =>
      // Unset means true: the pod shares the node's user namespace.
      isWindowsPod(pod)
        ? skip(id, pod.ownerRef, "Windows pod: `hostUsers` is Linux-only")
        : pod.spec["hostUsers"] === false
          ? pass(id, pod.ownerRef, "Runs in its own user namespace")
          : fail(id, pod.ownerRef, "Shares the node's user namespace", {
              violations: [{ field: "spec.hostUsers", value: pod.spec["hostUsers"] }],
            }),
    ),
};
