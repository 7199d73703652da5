import { stringAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  isControlPlane,
  objectName,
  wasAllowed,
  writtenObject,
  type Rule,
} from "./rule.ts";

export const serviceAccountTokenSecret: Rule = {
  id: "service-account-token-secret",
  title: "Long-lived ServiceAccount token Secret created",
  pillar: "identity",
  severity: "high",
  techniques: ["T1528", "T1098.001"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.1.6"] },
  remediation:
    "Delete the Secret and use short-lived tokens from the TokenRequest API (projected volumes) instead.",
  resources: ["secrets"],
  match: (event) => {
    if (event.verb !== "create" || !wasAllowed(event)) return undefined;
    if (isControlPlane(event.user.username)) return undefined;
    const object = writtenObject(event);
    if (stringAt(object, "type") !== "kubernetes.io/service-account-token") return undefined;
    const account = stringAt(
      object,
      "metadata",
      "annotations",
      "kubernetes.io/service-account.name",
    );
    return {
      message: `${event.user.username} created token Secret ${objectName(event)}${account === undefined ? "" : ` for ServiceAccount ${account}`}`,
      evidence: account === undefined ? {} : { serviceAccount: account },
    };
  },
};
