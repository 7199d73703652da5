import { DETECTION_FRAMEWORKS, objectName, wasAuthorized, type Rule } from "./rule.ts";

export const ephemeralContainer: Rule = {
  id: "ephemeral-container",
  title: "Ephemeral container added to a running pod",
  pillar: "workload",
  severity: "high",
  techniques: ["T1609", "T1610"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Confirm the debug session was expected; an ephemeral container runs any image inside the pod's namespaces.",
  resources: ["pods/ephemeralcontainers"],
  match: (event) => {
    if (event.verb !== "update" && event.verb !== "patch") return undefined;
    if (!wasAuthorized(event)) return undefined;
    return {
      message: `${event.user.username} added an ephemeral container to pod ${objectName(event)}`,
    };
  },
};
