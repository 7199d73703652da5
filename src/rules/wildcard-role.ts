import { objectsAt, stringsAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  isControlPlane,
  objectName,
  wasAllowed,
  WRITE_VERBS,
  writtenObject,
  type Rule,
} from "./rule.ts";

export const wildcardRole: Rule = {
  id: "wildcard-role",
  title: "Role granting wildcard verbs or resources written",
  pillar: "identity",
  severity: "high",
  techniques: ["T1098"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.1.3"] },
  remediation: "List the verbs and resources the role needs instead of `*`.",
  resources: ["roles", "clusterroles"],
  match: (event) => {
    if (!WRITE_VERBS.has(event.verb) || !wasAllowed(event)) return undefined;
    if (isControlPlane(event.user.username)) return undefined;
    const wildcards = objectsAt(writtenObject(event), "rules").filter(
      (rule) =>
        stringsAt(rule, "verbs").includes("*") || stringsAt(rule, "resources").includes("*"),
    );
    if (wildcards.length === 0) return undefined;
    return {
      message: `${event.user.username} wrote role ${objectName(event)} with wildcard rules`,
      evidence: { rules: wildcards.length },
    };
  },
};
