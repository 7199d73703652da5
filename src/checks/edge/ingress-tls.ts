import { objectsAt, stringAt, stringsAt } from "../../model/fields.ts";
import { fail, pass } from "../../model/results.ts";
import { ingressesOf } from "../../engines/tls/tls-secrets.ts";
import type { Check } from "../check.ts";

const id = "ingress-tls";

export const ingressTls: Check = {
  id,
  title: "Ingresses terminate TLS for every host they serve",
  pillar: "edge",
  severity: "high",
  scope: "object",
  reads: ["Ingress"],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Encryption"],
    "nist-800-207": ["Tenet 2"],
    "cisa-ztmm": ["Networks: Traffic Encryption"],
    hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"],
    gdpr: ["Art. 32(1)(a)"],
    "pci-dss": ["4.2.1"],
    soc2: ["CC6.7"],
  },
  remediation:
    "Add a `spec.tls` entry whose `hosts` list every host of `spec.rules`, with the Secret that holds its certificate.",
  description:
    "An Ingress host without a TLS entry is served in clear text: credentials and data cross the network readable and alterable.",
  evaluate: ({ inventory }) =>
    ingressesOf(inventory).map((entry) => {
      const tls = objectsAt(entry.object, "spec", "tls");
      if (tls.length === 0)
        return fail(id, entry.ref, "No `spec.tls`: every host is served over plain HTTP");
      const tlsHosts = new Set(tls.flatMap((item) => stringsAt(item, "hosts")));
      // A TLS entry without hosts takes the controller's default host, which serves host-less rules.
      const coversHostless = tls.some((item) => stringsAt(item, "hosts").length === 0);
      const hosts = objectsAt(entry.object, "spec", "rules").map((rule) => stringAt(rule, "host"));
      const uncovered = [
        ...new Set(
          hosts.flatMap((host) =>
            host === undefined || host === ""
              ? coversHostless
                ? []
                : ["(any host)"]
              : tlsHosts.has(host)
                ? []
                : [host],
          ),
        ),
      ];
      return uncovered.length === 0
        ? pass(id, entry.ref, "Every host has a TLS entry")
        : fail(id, entry.ref, `Hosts without TLS: ${uncovered.join(", ")}`, { hosts: uncovered });
    }),
};
