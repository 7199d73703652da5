import { DETECTION_FRAMEWORKS, objectName, wasAuthorized, type Rule } from "./rule.ts";

export const nodesProxy: Rule = {
  id: "nodes-proxy",
  title: "Kubelet API reached through nodes/proxy",
  pillar: "workload",
  severity: "high",
  techniques: ["T1609", "T1611"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Remove `nodes/proxy` from roles outside monitoring agents: it reaches the kubelet API, exec included, without audit of the command.",
  resources: ["nodes/proxy"],
  match: (event) =>
    wasAuthorized(event)
      ? {
          message: `${event.user.username} reached the kubelet of node ${objectName(event)} via nodes/proxy`,
        }
      : undefined,
};
