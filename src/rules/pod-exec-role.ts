import { objectsAt, stringsAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  isControlPlane,
  objectName,
  wasAllowed,
  WRITE_VERBS,
  writtenObject,
  type Rule,
} from "./rule.ts";

const SHELL_RESOURCES = ["pods/exec", "pods/attach", "nodes/proxy"];

export const podExecRole: Rule = {
  id: "pod-exec-role",
  title: "Role granting pods/exec, pods/attach or nodes/proxy written",
  pillar: "identity",
  severity: "medium",
  techniques: ["T1098", "T1609"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation: "Keep shell access to pods in break-glass roles bound only when needed.",
  resources: ["roles", "clusterroles"],
  match: (event) => {
    if (!WRITE_VERBS.has(event.verb) || !wasAllowed(event)) return undefined;
    if (isControlPlane(event.user.username)) return undefined;
    const granted = new Set<string>();
    for (const rule of objectsAt(writtenObject(event), "rules")) {
      for (const resource of stringsAt(rule, "resources"))
        if (SHELL_RESOURCES.includes(resource)) granted.add(resource);
    }
    if (granted.size === 0) return undefined;
    const resources = [...granted].sort();
    return {
      message: `${event.user.username} wrote role ${objectName(event)} granting ${resources.join(", ")}`,
      evidence: { resources },
    };
  },
};
