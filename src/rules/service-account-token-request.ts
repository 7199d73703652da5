import { DETECTION_FRAMEWORKS, objectName, wasAuthorized, type Rule } from "./rule.ts";

export const serviceAccountTokenRequest: Rule = {
  id: "service-account-token-request",
  title: "ServiceAccount token requested by someone other than a kubelet",
  pillar: "identity",
  severity: "high",
  techniques: ["T1528"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Find who minted the token and why; only kubelets (for projected volumes) should call TokenRequest routinely.",
  resources: ["serviceaccounts/token"],
  match: (event) => {
    if (event.verb !== "create" || !wasAuthorized(event)) return undefined;
    // Kubelets mint projected tokens for their pods; the node authorizer limits them to those.
    if (event.user.username.startsWith("system:node:")) return undefined;
    return {
      message: `${event.user.username} requested a token for ServiceAccount ${objectName(event)}`,
    };
  },
};
