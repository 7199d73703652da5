import { DETECTION_FRAMEWORKS, isControlPlane, objectName, wasAllowed, type Rule } from "./rule.ts";

const CHANGING = new Set(["create", "update", "patch", "delete", "deletecollection"]);

export const admissionWebhookChanged: Rule = {
  id: "admission-webhook-changed",
  title: "Admission webhook or policy configuration created, changed or deleted",
  pillar: "workload",
  severity: "high",
  techniques: ["T1562.001"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Confirm the change came from the expected deployment; admission control is where policy is enforced, and a mutating webhook sees every object.",
  resources: [
    "validatingwebhookconfigurations",
    "mutatingwebhookconfigurations",
    "validatingadmissionpolicies",
    "validatingadmissionpolicybindings",
    "mutatingadmissionpolicies",
    "mutatingadmissionpolicybindings",
  ],
  match: (event) => {
    if (!CHANGING.has(event.verb) || !wasAllowed(event)) return undefined;
    if (event.objectRef?.subresource !== undefined) return undefined;
    if (isControlPlane(event.user.username)) return undefined;
    return {
      message: `${event.user.username} ran ${event.verb} on ${event.objectRef?.resource ?? "?"} ${objectName(event)}`,
    };
  },
};
