import { fail, pass } from "../../model/results.ts";
import { hostCoverage } from "../../engines/tls/host-coverage.ts";
import { ingressCertificatesOf } from "../../engines/tls/tls-secrets.ts";
import type { Check } from "../check.ts";

const id = "ingress-certificate-hosts";

export const ingressCertificateHosts: Check = {
  id,
  title: "Ingress certificates cover every host of their TLS entry",
  pillar: "edge",
  severity: "medium",
  scope: "cluster",
  reads: ["Ingress", "Secret"],
  frameworks: {
    "nist-800-207": ["Tenet 2"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    "Reissue the certificate with a subjectAltName for each host of `spec.tls[].hosts` (a wildcard covers one label only).",
  description:
    "A client that validates names rejects a certificate that does not name the host (RFC 6125); one that does not validate can be intercepted.",
  evaluate: ({ inventory }) =>
    ingressCertificatesOf(inventory)
      .filter(({ leaves }) => leaves.some((item) => item.hosts.length > 0))
      .map(({ ingress, leaves }) => {
        const uncovered = leaves.flatMap(({ secretName, hosts, leaf }) =>
          hosts
            .filter((host) => !hostCoverage(leaf, host).isCovered)
            .map((host) => ({
              host,
              secret: secretName,
              names: leaf.dnsNames.length > 0 ? leaf.dnsNames : leaf.commonNames,
            })),
        );
        return uncovered.length === 0
          ? pass(id, ingress.ref, "Every TLS host is named by its certificate")
          : fail(
              id,
              ingress.ref,
              uncovered
                .map(
                  (item) =>
                    `${item.host} not covered by Secret ${item.secret} (names: ${item.names.join(", ") || "none"})`,
                )
                .join("; "),
              { uncovered },
            );
      }),
};
