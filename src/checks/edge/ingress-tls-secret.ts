import { fail, pass, skip } from "../../model/results.ts";
import { ingressTlsOf, type IngressTls } from "../../engines/tls/tls-secrets.ts";
import type { InventoryEntry } from "../../model/inventory.ts";
import type { Result } from "../../model/check-meta.ts";
import type { Check } from "../check.ts";

const id = "ingress-tls-secret";

// cert-manager's ingress-shim creates the Secret from these annotations once the cluster runs.
const CERT_MANAGER = ["cert-manager.io/cluster-issuer", "cert-manager.io/issuer"];

export const ingressTlsSecret: Check = {
  id,
  title: "Ingress TLS entries reference a Secret holding a readable certificate",
  pillar: "edge",
  severity: "high",
  scope: "cluster",
  reads: ["Ingress", "Secret"],
  frameworks: {
    "nist-800-207": ["Tenet 2"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(1)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    "Create the Secret named by `spec.tls[].secretName` in the Ingress's namespace with a PEM `tls.crt` (or let cert-manager issue it).",
  description:
    "Without its Secret, or without a `secretName`, the controller serves its default certificate: clients see a certificate error or learn to ignore one.",
  evaluate: ({ inventory }) => {
    const byIngress = new Map<InventoryEntry, IngressTls[]>();
    for (const tls of ingressTlsOf(inventory)) {
      byIngress.set(tls.ingress, [...(byIngress.get(tls.ingress) ?? []), tls]);
    }
    return [...byIngress].map(([ingress, entries]) => judge(ingress, entries));
  },
};

function judge(ingress: InventoryEntry, entries: readonly IngressTls[]): Result {
  const annotations = ingress.object.metadata.annotations ?? {};
  const byCertManager = CERT_MANAGER.some((key) => Object.hasOwn(annotations, key));
  const problems: string[] = [];
  const unknown: string[] = [];
  for (const { secretName, lookup, index } of entries) {
    const name = secretName ?? `tls[${index}]`;
    switch (lookup.state) {
      case "parsed":
        break;
      case "no-secret-name":
        problems.push(
          `tls[${index}] has no secretName (the controller's default certificate is served)`,
        );
        break;
      case "missing":
        if (byCertManager) unknown.push(`${name} (to be issued by cert-manager)`);
        else problems.push(`Secret ${name} not found`);
        break;
      case "invalid":
        problems.push(`Secret ${name}: ${lookup.error}`);
        break;
      case "no-certificate":
        problems.push(`Secret ${name} has no tls.crt`);
        break;
      case "secrets-not-observed":
      case "data-not-loaded":
        unknown.push(`${name} (content not in the input)`);
        break;
    }
  }
  if (problems.length > 0) return fail(id, ingress.ref, problems.join("; "), { problems });
  if (unknown.length > 0)
    return skip(id, ingress.ref, `Certificate not observed: ${unknown.join(", ")}`);
  return pass(id, ingress.ref, "Every TLS entry has a readable certificate");
}
