import { DETECTION_FRAMEWORKS, isControlPlane, wasAuthorized, type Rule } from "./rule.ts";

export const secretsListWatch: Rule = {
  id: "secrets-list-watch",
  title: "Secrets listed or watched",
  pillar: "data",
  severity: "high",
  techniques: ["T1552.007"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Grant `get` on named Secrets instead of `list`/`watch`: a list returns every Secret's data in the scope.",
  resources: ["secrets"],
  match: (event) => {
    if (event.verb !== "list" && event.verb !== "watch") return undefined;
    if (!wasAuthorized(event) || isControlPlane(event.user.username)) return undefined;
    const scope = event.objectRef?.namespace ?? "all namespaces";
    return {
      message: `${event.user.username} ran ${event.verb} on Secrets in ${scope}`,
      evidence: { scope },
    };
  },
};
