import { arrayAt, objectAt, stringAt, stringsAt } from "../model/fields.ts";
import { DETECTION_FRAMEWORKS, objectName, wasAllowed, type Rule } from "./rule.ts";

/**
 * A default deny selects every pod (empty podSelector) and allows nothing in the direction it
 * names. The deleted object is in the response at RequestResponse level; at Metadata level only
 * the name is known, and a name saying "default-deny" is taken as the intent.
 */
function isDefaultDeny(event: Parameters<Rule["match"]>[0]): boolean {
  const deleted = event.responseObject;
  if (stringAt(deleted, "kind") === "NetworkPolicy") {
    const selector = objectAt(deleted, "spec", "podSelector") ?? {};
    const selectsAll = Object.keys(selector).every(
      (key) => arrayAt(selector, key).length === 0 && objectAt(selector, key) === undefined,
    );
    const types = stringsAt(deleted, "spec", "policyTypes");
    const denies =
      (types.includes("Ingress") && arrayAt(deleted, "spec", "ingress").length === 0) ||
      (types.includes("Egress") && arrayAt(deleted, "spec", "egress").length === 0);
    return selectsAll && denies;
  }
  return /default-?deny|deny-all/i.test(event.objectRef?.name ?? "");
}

export const defaultDenyRemoved: Rule = {
  id: "default-deny-removed",
  title: "Namespace default-deny NetworkPolicy deleted",
  pillar: "network",
  severity: "high",
  techniques: ["T1562.007"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.3.2"] },
  remediation:
    "Restore the default-deny policy; without it every pod in the namespace is reachable from anywhere.",
  resources: ["networkpolicies"],
  match: (event) => {
    if (event.verb !== "delete" || !wasAllowed(event) || !isDefaultDeny(event)) return undefined;
    return { message: `${event.user.username} deleted default-deny policy ${objectName(event)}` };
  },
};
