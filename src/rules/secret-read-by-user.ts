import {
  DETECTION_FRAMEWORKS,
  isControlPlane,
  objectName,
  wasAuthorized,
  type Rule,
} from "./rule.ts";

export const secretReadByUser: Rule = {
  id: "secret-read-by-user",
  title: "Secret read by a person rather than a workload",
  pillar: "data",
  severity: "medium",
  techniques: ["T1552.007"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "People should not need to read Secrets in place; deliver them to workloads and keep `get secrets` out of user roles.",
  resources: ["secrets"],
  match: (event) => {
    if (event.verb !== "get" || !wasAuthorized(event)) return undefined;
    const user = event.user.username;
    if (isControlPlane(user) || user.startsWith("system:serviceaccount:")) return undefined;
    return { message: `${user} read Secret ${objectName(event)}` };
  },
};
