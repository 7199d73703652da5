import { booleanAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  objectName,
  WORKLOAD_RESOURCES,
  writtenPodSpec,
  type Rule,
} from "./rule.ts";

const HOST_FIELDS = ["hostNetwork", "hostPID", "hostIPC"] as const;

export const hostNamespacePod: Rule = {
  id: "host-namespace-pod",
  title: "Workload sharing the node's network, PID or IPC namespace written",
  pillar: "workload",
  severity: "high",
  techniques: ["T1611"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.2.3", "5.2.4", "5.2.5"] },
  remediation: "Remove `hostNetwork`, `hostPID` and `hostIPC`; enforce baseline Pod Security.",
  resources: WORKLOAD_RESOURCES,
  match: (event) => {
    const spec = writtenPodSpec(event);
    if (spec === undefined) return undefined;
    const fields = HOST_FIELDS.filter((field) => booleanAt(spec, field) === true);
    if (fields.length === 0) return undefined;
    return {
      message: `${event.user.username} wrote ${objectName(event)} with ${fields.join(", ")}`,
      evidence: { fields },
    };
  },
};
