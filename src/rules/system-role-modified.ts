import { DETECTION_FRAMEWORKS, isControlPlane, objectName, wasAllowed, type Rule } from "./rule.ts";

const CHANGING = new Set(["update", "patch", "delete"]);

export const systemRoleModified: Rule = {
  id: "system-role-modified",
  title: "Built-in system: role or binding changed or deleted",
  pillar: "identity",
  severity: "high",
  techniques: ["T1098"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Restore the built-in object (the apiserver reconciles `system:` roles at start with auto-update) and find who changed it.",
  resources: ["clusterroles", "clusterrolebindings", "roles", "rolebindings"],
  match: (event) => {
    const name = event.objectRef?.name;
    if (name?.startsWith("system:") !== true || !CHANGING.has(event.verb)) return undefined;
    if (!wasAllowed(event) || isControlPlane(event.user.username)) return undefined;
    return { message: `${event.user.username} ran ${event.verb} on ${objectName(event)}` };
  },
};
