import { objectAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  objectName,
  wasAllowed,
  WRITE_VERBS,
  writtenObject,
  type Rule,
} from "./rule.ts";

// Key names that say "credential" (aws_secret_access_key, db-password, api_token, private.key);
// values are never read into the alert.
const CREDENTIAL_KEY =
  /(passw(or)?d|secret|token|api[-_]?key|private[-_.]?key|credential|aws_access_key_id)/i;
// A PEM private key or an AWS access key id in a value.
const CREDENTIAL_VALUE = /-----BEGIN [A-Z ]*PRIVATE KEY-----|\b(AKIA|ASIA)[0-9A-Z]{16}\b/;

export const configmapCredentials: Rule = {
  id: "configmap-credentials",
  title: "ConfigMap holding credentials written",
  pillar: "data",
  severity: "medium",
  techniques: ["T1552"],
  frameworks: { ...DETECTION_FRAMEWORKS, cis: ["5.4.1"] },
  remediation:
    "Move the credential to a Secret (encrypted at rest, RBAC-separated) or an external secret store.",
  resources: ["configmaps"],
  match: (event) => {
    if (!WRITE_VERBS.has(event.verb) || !wasAllowed(event)) return undefined;
    const data = objectAt(writtenObject(event), "data") ?? {};
    const keys = Object.entries(data)
      .filter(
        ([key, value]) =>
          CREDENTIAL_KEY.test(key) || (typeof value === "string" && CREDENTIAL_VALUE.test(value)),
      )
      .map(([key]) => key)
      .sort();
    if (keys.length === 0) return undefined;
    return {
      message: `${event.user.username} wrote ConfigMap ${objectName(event)} with credential-like keys ${keys.join(", ")}`,
      evidence: { keys },
    };
  },
};
