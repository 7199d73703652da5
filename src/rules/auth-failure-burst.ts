import { DETECTION_FRAMEWORKS, type Rule } from "./rule.ts";

export const authFailureBurst: Rule = {
  id: "auth-failure-burst",
  title: "Burst of 401/403 answers to one identity",
  pillar: "identity",
  severity: "medium",
  techniques: ["T1110", "T1613"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Find what the identity was trying to reach: a stolen token probing its permissions looks like this.",
  threshold: { count: 20, windowSeconds: 60 },
  match: (event) => {
    const code = event.responseCode;
    if (code !== 401 && code !== 403) return undefined;
    return {
      message: `${event.user.username} was refused (${code}) repeatedly, last on ${event.verb} ${event.requestURI}`,
      evidence: { code },
    };
  },
};
