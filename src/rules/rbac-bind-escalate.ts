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

/** Verbs that let the holder grant themselves more than they have (RBAC privilege escalation). */
const ESCALATING = ["bind", "escalate", "impersonate"] as const;

export const rbacBindEscalate: Rule = {
  id: "rbac-bind-escalate",
  title: "Role granting bind, escalate or impersonate written",
  pillar: "identity",
  severity: "high",
  techniques: ["T1098", "T1078"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.1.8"] },
  remediation:
    "Remove `bind`, `escalate` and `impersonate` from the role; they let the holder exceed their own permissions.",
  resources: ["roles", "clusterroles"],
  match: (event) => {
    if (!WRITE_VERBS.has(event.verb) || !wasAllowed(event)) return undefined;
    if (isControlPlane(event.user.username)) return undefined;
    const verbs = new Set<string>();
    for (const rule of objectsAt(writtenObject(event), "rules")) {
      for (const verb of stringsAt(rule, "verbs"))
        if ((ESCALATING as readonly string[]).includes(verb)) verbs.add(verb);
    }
    if (verbs.size === 0) return undefined;
    const granted = [...verbs].sort();
    return {
      message: `${event.user.username} wrote role ${objectName(event)} granting ${granted.join(", ")}`,
      evidence: { verbs: granted },
    };
  },
};
