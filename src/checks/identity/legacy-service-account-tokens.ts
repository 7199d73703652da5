import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "legacy-service-account-tokens";
const TOKEN_TYPE = "kubernetes.io/service-account-token";
const ACCOUNT_ANNOTATION = "kubernetes.io/service-account.name";
const INVALID_LABEL = "kubernetes.io/legacy-token-invalid-since";

export const legacyServiceAccountTokens: Check = {
  id,
  title: "No long-lived ServiceAccount token Secrets exist",
  pillar: "identity",
  severity: "medium",
  scope: "cluster",
  reads: ["Secret"],
  frameworks: {
    "nsa-cisa": ["Kubernetes Pod security: Protecting Pod service account tokens"],
    "nist-800-207": ["Tenet 3", "Tenet 6"],
    "cisa-ztmm": ["Identity: Authentication"],
    hipaa: ["164.312(d)"],
    "pci-dss": ["8.3.2", "8.6.3"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Delete the Secret and use short-lived tokens: projected volumes or `kubectl create token` (TokenRequest API).",
  description:
    "A Secret of type kubernetes.io/service-account-token holds a token that never expires and is readable by anyone who can read Secrets in its namespace.",
  evaluate: ({ inventory }) => {
    const secrets = inventory.ofKind("Secret", "");
    if (secrets.length === 0) {
      return [skip(id, { kind: "Secret", name: "*" }, "No Secrets in the input")];
    }
    const tokens = secrets.filter((entry) => entry.object["type"] === TOKEN_TYPE);
    if (tokens.length === 0) {
      return [
        pass(
          id,
          { kind: "Secret", name: "*" },
          `None of ${secrets.length} Secrets is a ServiceAccount token`,
        ),
      ];
    }
    // Only names are reported: the Secret's data is a credential and is never read.
    return tokens.map((entry) => {
      const account = entry.object.metadata.annotations?.[ACCOUNT_ANNOTATION] ?? "(unannotated)";
      // Since 1.29 the control plane marks unused legacy tokens invalid before deleting them.
      const invalidSince = entry.object.metadata.labels?.[INVALID_LABEL];
      const name = `${entry.namespace ?? ""}/${account}`;
      return invalidSince === undefined
        ? fail(id, entry.ref, `Long-lived token Secret for ServiceAccount ${name}`, {
            serviceAccount: account,
          })
        : fail(
            id,
            entry.ref,
            `Invalidated (since ${invalidSince}) token Secret for ServiceAccount ${name}; delete it`,
            { serviceAccount: account, invalidSince },
            "low",
          );
    });
  },
};
