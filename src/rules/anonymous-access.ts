import { DETECTION_FRAMEWORKS, wasAllowed, type Rule } from "./rule.ts";

/** Paths the default `system:public-info-viewer` role opens to everyone on purpose. */
const PUBLIC = /^\/(healthz|livez|readyz|version)(\/|\?|$)/;

export const anonymousAccess: Rule = {
  id: "anonymous-access",
  title: "Anonymous request allowed",
  pillar: "identity",
  severity: "high",
  techniques: ["T1078.001"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["1.2.1"] },
  remediation:
    "Set `--anonymous-auth=false` (or limit it to health paths) and remove bindings to `system:anonymous` and `system:unauthenticated`.",
  match: (event) => {
    if (event.user.username !== "system:anonymous" || !wasAllowed(event)) return undefined;
    if (event.responseCode === undefined || PUBLIC.test(event.requestURI)) return undefined;
    return {
      message: `anonymous ${event.verb} of ${event.requestURI} was allowed`,
      evidence: { code: event.responseCode },
    };
  },
};
