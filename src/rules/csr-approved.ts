import { objectsAt, stringAt } from "../model/fields.ts";
import {
  DETECTION_FRAMEWORKS,
  isControlPlane,
  objectName,
  wasAllowed,
  writtenObject,
  type Rule,
} from "./rule.ts";

export const csrApproved: Rule = {
  id: "csr-approved",
  title: "CertificateSigningRequest approved by someone other than the control plane",
  pillar: "identity",
  severity: "high",
  techniques: ["T1649"],
  frameworks: DETECTION_FRAMEWORKS,
  remediation:
    "Check the request's subject and signer; a client certificate for a privileged group is a credential that cannot be revoked.",
  resources: ["certificatesigningrequests/approval"],
  match: (event) => {
    if (event.verb !== "update" && event.verb !== "patch") return undefined;
    if (!wasAllowed(event) || isControlPlane(event.user.username)) return undefined;
    const approved = objectsAt(writtenObject(event), "status", "conditions").some(
      (condition) =>
        stringAt(condition, "type") === "Approved" && stringAt(condition, "status") !== "False",
    );
    if (!approved) return undefined;
    const signer = stringAt(writtenObject(event), "spec", "signerName");
    return {
      message: `${event.user.username} approved CSR ${objectName(event)}`,
      evidence: signer === undefined ? {} : { signerName: signer },
    };
  },
};
