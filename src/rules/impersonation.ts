import { DETECTION_FRAMEWORKS, type Rule } from "./rule.ts";

export const impersonation: Rule = {
  id: "impersonation",
  title: "Request made while impersonating another identity",
  pillar: "identity",
  severity: "high",
  techniques: ["T1078", "T1134"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Confirm the impersonation was expected; grant the `impersonate` verb only for named users and groups.",
  match: (event) => {
    const as = event.impersonatedUser;
    // The field is only set once the apiserver allowed the impersonation itself, whatever the
    // impersonated identity was then allowed to do.
    if (as === undefined) return undefined;
    return {
      message: `${event.user.username} acted as ${as.username} (${event.verb} ${event.requestURI})`,
      evidence: { impersonatedUser: as.username, impersonatedGroups: as.groups },
    };
  },
};
