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
import { NON_ROOT_FRAMEWORKS } from "../../model/pss-non-root-frameworks.ts";
import { relaxedInUserNamespace } from "../../model/pss-user-namespace.ts";

const NON_ROOT = ["securityContext", "runAsNonRoot"] as const;

const pss: PssControl = {
  id: "run-as-non-root",
  level: "restricted",
  control: "Running as Non-root",
  since: 0,
  // From v1.35 a pod in its own user namespace is relaxed: root there is not root on the node.
  judge: relaxedInUserNamespace((pod) => {
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
  }),
};

export const runAsNonRoot: Check = {
  id: pss.id,
  title: "Containers run as non-root (runAsNonRoot: true)",
  pillar: "workload",
  severity: "high",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: NON_ROOT_FRAMEWORKS,
  remediation:
    "Set `spec.securityContext.runAsNonRoot: true` and build the image with a non-root USER.",
  description:
    "Root in a container is root on the node's kernel: one escape away from owning the node.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
