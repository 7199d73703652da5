import { DETECTION_FRAMEWORKS, objectName, wasAuthorized, type Rule } from "./rule.ts";

export const podPortForward: Rule = {
  id: "pod-port-forward",
  title: "Port forwarded into a pod",
  pillar: "network",
  severity: "medium",
  techniques: ["T1572"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Confirm the tunnel was expected; port-forward bypasses NetworkPolicy, so grant `pods/portforward` sparingly.",
  resources: ["pods/portforward"],
  match: (event) =>
    wasAuthorized(event)
      ? { message: `${event.user.username} forwarded a port into pod ${objectName(event)}` }
      : undefined,
};
