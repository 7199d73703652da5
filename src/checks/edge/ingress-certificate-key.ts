import { fail, pass } from "../../model/results.ts";
import { keyStrengthOf } from "../../engines/tls/key-strength.ts";
import { ingressCertificatesOf } from "../../engines/tls/tls-secrets.ts";
import type { Check } from "../check.ts";

const id = "ingress-certificate-key";

export const ingressCertificateKey: Check = {
  id,
  title: "Ingress certificates use strong keys (RSA >= 2048, EC >= 256 bits)",
  pillar: "edge",
  severity: "high",
  scope: "cluster",
  reads: ["Ingress", "Secret"],
  frameworks: {
    "nist-800-207": ["Tenet 2"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(2)(ii)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    "Reissue the certificate with an RSA key of at least 2048 bits or an EC key on P-256 or larger.",
  description:
    "Keys below 112 bits of security (NIST SP 800-131A) can be factored or broken, letting an attacker impersonate the service.",
  evaluate: ({ inventory }) =>
    ingressCertificatesOf(inventory)
      .filter(({ leaves }) => leaves.length > 0)
      .map(({ ingress, leaves }) => {
        const keys = leaves.map(({ secretName, leaf }) => ({
          secret: secretName,
          ...keyStrengthOf(leaf),
        }));
        const weak = keys.filter((key) => key.isWeak);
        return weak.length === 0
          ? pass(id, ingress.ref, `Strong keys: ${keys.map((key) => key.description).join(", ")}`)
          : fail(
              id,
              ingress.ref,
              weak
                .map((key) => `Secret ${key.secret}: ${key.description}, ${key.reason ?? "weak"}`)
                .join("; "),
              { keys: weak.map(({ secret, description }) => ({ secret, key: description })) },
            );
      }),
};
