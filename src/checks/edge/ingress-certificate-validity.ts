import { fail, pass } from "../../model/results.ts";
import { ingressCertificatesOf } from "../../engines/tls/tls-secrets.ts";
import { validityOf } from "../../engines/tls/validity.ts";
import type { Check } from "../check.ts";

const id = "ingress-certificate-validity";
const WINDOW_DAYS = 30;

export const ingressCertificateValidity: Check = {
  id,
  title: `Ingress certificates are valid and do not expire within ${WINDOW_DAYS} days`,
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
    "Renew the certificate before it expires, ideally automatically (cert-manager renews 30 days ahead by default).",
  description:
    "An expired or not-yet-valid certificate breaks TLS for every client, and teaches users to click through certificate warnings.",
  evaluate: ({ inventory, now }) =>
    ingressCertificatesOf(inventory)
      .filter(({ leaves }) => leaves.length > 0)
      .map(({ ingress, leaves }) => {
        const judged = leaves.map(({ secretName, leaf }) => ({
          secret: secretName,
          notBefore: leaf.notBefore.toISOString(),
          notAfter: leaf.notAfter.toISOString(),
          ...validityOf(leaf, now, WINDOW_DAYS),
        }));
        const bad = judged.filter((item) => item.state !== "valid");
        if (bad.length === 0) {
          const soonest = Math.min(...judged.map((item) => item.daysLeft));
          return pass(id, ingress.ref, `Certificates valid for ${soonest} more days at least`, {
            certificates: judged,
          });
        }
        const worst = bad.some(
          (item) => item.state === "expired" || item.state === "not-yet-valid",
        );
        return fail(
          id,
          ingress.ref,
          bad
            .map((item) => describe(item.secret, item.state, item.daysLeft, item.notBefore))
            .join("; "),
          { certificates: bad },
          worst ? "critical" : "medium",
        );
      }),
};

function describe(secret: string, state: string, daysLeft: number, notBefore: string): string {
  if (state === "expired") return `Secret ${secret}: certificate expired ${-daysLeft} days ago`;
  if (state === "not-yet-valid")
    return `Secret ${secret}: certificate not valid before ${notBefore}`;
  return `Secret ${secret}: certificate expires in ${daysLeft} days`;
}
