import { isObject, objectAt, stringAt } from "../model/fields.ts";
import { DETECTION_FRAMEWORKS, objectName, wasAllowed, WRITE_VERBS, type Rule } from "./rule.ts";

const ENFORCE = "pod-security.kubernetes.io/enforce";
// In a JSON Patch path "/" inside a key is written "~1" (RFC 6901).
const ENFORCE_POINTER = "/metadata/labels/pod-security.kubernetes.io~1enforce";

/** What a write does to the enforce label: set to a level, removed, or left alone (undefined). */
function enforceChange(event: Parameters<Rule["match"]>[0]): string | null | undefined {
  const request = event.requestObject;
  if (Array.isArray(request)) {
    for (const op of request) {
      if (!isObject(op) || op["path"] !== ENFORCE_POINTER) continue;
      if (op["op"] === "remove") return null;
      if (typeof op["value"] === "string") return op["value"];
    }
    return undefined;
  }
  const labels = objectAt(request, "metadata", "labels");
  if (labels !== undefined && ENFORCE in labels) {
    const value = labels[ENFORCE];
    return typeof value === "string" ? value : null;
  }
  // A full update that drops the label shows only in the stored result; without the previous
  // object this cannot be told apart from a namespace that never had one, so it is not judged.
  return stringAt(event.responseObject, "metadata", "labels", ENFORCE);
}

export const podSecurityDowngrade: Rule = {
  id: "pod-security-downgrade",
  title: "Namespace Pod Security enforcement removed or set to privileged",
  pillar: "workload",
  severity: "high",
  techniques: ["T1562.001"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.2.1"] },
  remediation:
    "Restore `pod-security.kubernetes.io/enforce` to baseline or restricted and find who changed it.",
  resources: ["namespaces"],
  match: (event) => {
    if (!WRITE_VERBS.has(event.verb) || !wasAllowed(event)) return undefined;
    if (event.objectRef?.subresource !== undefined) return undefined;
    const change = enforceChange(event);
    if (change !== null && change !== "privileged") return undefined;
    const what = change === null ? "removed the enforce label of" : "set enforce=privileged on";
    return {
      message: `${event.user.username} ${what} namespace ${objectName(event)}`,
      evidence: { label: ENFORCE, value: change },
    };
  },
};
