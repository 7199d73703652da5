import { containersOf } from "../model/containers.ts";
import { booleanAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  objectName,
  WORKLOAD_RESOURCES,
  writtenPodSpec,
  type Rule,
} from "./rule.ts";

export const privilegedPod: Rule = {
  id: "privileged-pod",
  title: "Workload with a privileged container written",
  pillar: "workload",
  severity: "critical",
  techniques: ["T1610", "T1611"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.2.2"] },
  remediation:
    "Remove `securityContext.privileged: true` and enforce the baseline Pod Security level on the namespace.",
  resources: WORKLOAD_RESOURCES,
  match: (event) => {
    const spec = writtenPodSpec(event);
    if (spec === undefined) return undefined;
    const containers = containersOf(spec)
      .filter((container) => booleanAt(container.spec, "securityContext", "privileged") === true)
      .map((container) => container.name);
    if (containers.length === 0) return undefined;
    return {
      message: `${event.user.username} wrote ${objectName(event)} with privileged container(s) ${containers.join(", ")}`,
      evidence: { containers },
    };
  },
};
