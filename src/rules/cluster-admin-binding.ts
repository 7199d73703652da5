import { stringAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  isControlPlane,
  objectName,
  wasAllowed,
  WRITE_VERBS,
  writtenObject,
  type Rule,
} from "./rule.ts";

export const clusterAdminBinding: Rule = {
  id: "cluster-admin-binding",
  title: "Binding to cluster-admin written",
  pillar: "identity",
  severity: "critical",
  techniques: ["T1098"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.1.1"] },
  remediation:
    "Bind a role with only the permissions needed; keep cluster-admin to break-glass identities.",
  resources: ["clusterrolebindings", "rolebindings"],
  match: (event) => {
    if (!WRITE_VERBS.has(event.verb) || !wasAllowed(event)) return undefined;
    if (isControlPlane(event.user.username)) return undefined;
    const object = writtenObject(event);
    if (stringAt(object, "roleRef", "name") !== "cluster-admin") return undefined;
    if (stringAt(object, "roleRef", "kind") !== "ClusterRole") return undefined;
    return {
      message: `${event.user.username} bound cluster-admin in ${objectName(event)}`,
      evidence: { roleRef: "ClusterRole/cluster-admin" },
    };
  },
};
