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
  reads: ["Secret", "Namespace"],
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
    "A Secret of type kubernetes.io/service-account-token holds a token that never expires and is readable by anyone who can read Secrets in its namespace. Judged per namespace (each one the input declares or that holds Secrets): it passes when it holds no such Secret, and fails naming every one it holds (its severity is low when the control plane has already invalidated them all).",
  evaluate: ({ inventory }) => {
    const secrets = inventory.ofKind("Secret", "");
    if (secrets.length === 0) {
      return [skip(id, { kind: "Secret", name: "*" }, "No Secrets in the input")];
    }
    const tokensByNamespace = new Map<string, Token[]>();
    for (const entry of secrets) {
      if (entry.object["type"] !== TOKEN_TYPE) continue;
      // Only names are reported: the Secret's data is a credential and is never read.
      const namespace = entry.namespace ?? "";
      const invalidSince = entry.object.metadata.labels?.[INVALID_LABEL];
      const token: Token = {
        secret: entry.object.metadata.name,
        serviceAccount: entry.object.metadata.annotations?.[ACCOUNT_ANNOTATION] ?? "(unannotated)",
        // Since 1.29 the control plane marks unused legacy tokens invalid before deleting them.
        ...(invalidSince === undefined ? {} : { invalidSince }),
      };
      const list = tokensByNamespace.get(namespace);
      if (list === undefined) tokensByNamespace.set(namespace, [token]);
      else list.push(token);
    }
    // The namespaces the input declares, and any other that holds Secrets.
    const declared = new Map(
      inventory.ofKind("Namespace", "").map((entry) => [entry.object.metadata.name, entry.ref]),
    );
    const namespaces = [
      ...new Set([...declared.keys(), ...secrets.map((entry) => entry.namespace ?? "")]),
    ].sort();
    return namespaces.map((namespace) => {
      const target = declared.get(namespace) ?? {
        apiVersion: "v1",
        kind: "Namespace",
        name: namespace,
      };
      const tokens = tokensByNamespace.get(namespace) ?? [];
      if (tokens.length === 0) {
        return pass(id, target, "No ServiceAccount token Secret in the namespace");
      }
      const live = tokens.filter((token) => token.invalidSince === undefined);
      const described = tokens.map(
        (token) =>
          `${token.secret} (ServiceAccount ${token.serviceAccount}${token.invalidSince === undefined ? "" : `, invalidated since ${token.invalidSince}: delete it`})`,
      );
      return fail(
        id,
        target,
        `${live.length > 0 ? "Long-lived" : "Invalidated"} ServiceAccount token Secrets: ${described.join(", ")}`,
        { tokens },
        live.length > 0 ? "medium" : "low",
      );
    });
  },
};

interface Token {
  readonly secret: string;
  readonly serviceAccount: string;
  readonly invalidSince?: string;
}
