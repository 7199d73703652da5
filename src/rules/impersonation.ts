import { DETECTION_FRAMEWORKS, wasAllowed, type Rule } from "./rule.ts";

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
    if (as === undefined || !wasAllowed(event)) return undefined;
    return {
      message: `${event.user.username} acted as ${as.username} (${event.verb} ${event.requestURI})`,
      evidence: { impersonatedUser: as.username, impersonatedGroups: as.groups },
    };
  },
};
