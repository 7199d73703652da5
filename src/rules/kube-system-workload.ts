import {
  DETECTION_FRAMEWORKS,
  isControlPlane,
  objectName,
  wasAllowed,
  WORKLOAD_RESOURCES,
  type Rule,
} from "./rule.ts";

export const kubeSystemWorkload: Rule = {
  id: "kube-system-workload",
  title: "Workload created in kube-system by someone other than the control plane",
  pillar: "workload",
  severity: "high",
  techniques: ["T1610", "T1036.005"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Run applications in their own namespaces; kube-system holds the control plane's most trusted identities.",
  resources: WORKLOAD_RESOURCES,
  match: (event) => {
    if (event.verb !== "create" || event.objectRef?.namespace !== "kube-system") return undefined;
    if (!wasAllowed(event) || isControlPlane(event.user.username)) return undefined;
    return {
      message: `${event.user.username} created ${event.objectRef.resource} ${objectName(event)}`,
    };
  },
};
