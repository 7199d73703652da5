import { stringMapAt } from "../../model/fields.ts";
import { fail, pass } from "../../model/results.ts";
import { detectCredentials } from "../../engines/secrets/detect-credentials.ts";
import type { Check } from "../check.ts";

const id = "configmap-credentials";

export const configmapCredentials: Check = {
  id,
  title: "ConfigMaps hold no credentials",
  pillar: "data",
  severity: "high",
  scope: "object",
  reads: ["ConfigMap"],
  frameworks: {
    "nsa-cisa": ["Network separation and hardening: Secrets"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Data: Data Access"],
    hipaa: ["164.312(a)(1)"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["8.6.2"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Move the credential to a Secret (or an external store via External Secrets, Vault or the Secrets Store CSI driver), rotate it, and reference it from the workload.",
  description:
    "ConfigMaps are readable by far more subjects than Secrets and are never encrypted at rest. Detection uses secretlint's recommended rules; findings name the key and the rule, never the value.",
  evaluate: ({ inventory }) =>
    inventory.ofKind("ConfigMap", "").map((entry) => {
      const data = Object.entries(stringMapAt(entry.object, "data")).map(([key, value]) => ({
        key,
        value,
      }));
      const findings = detectCredentials(data).map(({ key, rule, kind }) => ({ key, rule, kind }));
      return findings.length === 0
        ? pass(id, entry.ref, `No credential found in ${data.length} keys`)
        : fail(
            id,
            entry.ref,
            `Credentials in keys: ${findings.map((item) => `${item.key} (${item.kind})`).join(", ")}`,
            {
              findings,
            },
          );
    }),
};
