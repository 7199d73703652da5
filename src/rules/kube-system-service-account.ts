import { DETECTION_FRAMEWORKS, isControlPlane, objectName, wasAllowed, type Rule } from "./rule.ts";

export const kubeSystemServiceAccount: Rule = {
  id: "kube-system-service-account",
  title: "ServiceAccount created in kube-system by someone other than the control plane",
  pillar: "identity",
  severity: "medium",
  techniques: ["T1136"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Create application identities in the application's namespace; kube-system accounts inherit broad trust.",
  resources: ["serviceaccounts"],
  match: (event) => {
    if (event.verb !== "create" || event.objectRef?.namespace !== "kube-system") return undefined;
    if (!wasAllowed(event) || isControlPlane(event.user.username)) return undefined;
    return { message: `${event.user.username} created ServiceAccount ${objectName(event)}` };
  },
};
