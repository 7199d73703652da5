import { containersOf } from "../../model/containers.ts";
import { numberAt } from "../../model/fields.ts";
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

const RUN_AS_USER = ["securityContext", "runAsUser"] as const;

const pss: PssControl = {
  id: "run-as-non-root-user",
  level: "restricted",
  control: "Running as Non-root user",
  since: 23,
  // From v1.35 a pod in its own user namespace is relaxed: UID 0 maps to an unprivileged UID.
  judge: relaxedInUserNamespace((pod) => [
    ...(numberAt(pod.spec, ...RUN_AS_USER) === 0
      ? [{ field: "spec.securityContext.runAsUser", value: 0 }]
      : []),
    ...containersOf(pod.spec)
      .filter((container) => numberAt(container.spec, ...RUN_AS_USER) === 0)
      .map((container) => containerViolation(container, 0, ...RUN_AS_USER)),
  ]),
};

export const runAsNonRootUser: Check = {
  id: pss.id,
  title: "Pods and containers do not set runAsUser: 0",
  pillar: "workload",
  severity: "high",
  scope: "object",
  reads: PSS_READS,
  judges: PSS_JUDGES,
  frameworks: NON_ROOT_FRAMEWORKS,
  remediation: "Set `runAsUser` to a non-zero UID, or leave it unset with `runAsNonRoot: true`.",
  description: "runAsUser: 0 runs the container's processes as root whatever the image says.",
  tags: pssTags(pss),
  evaluate: ({ inventory }) => evaluatePssControl(inventory, pss),
};
