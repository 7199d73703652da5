import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { objectsAt, stringAt } from "../../model/fields.ts";
import { fail, pass } from "../../model/results.ts";
import { detectCredentials } from "../../engines/secrets/detect-credentials.ts";
import type { Check } from "../check.ts";

const id = "env-literal-credentials";

export const envLiteralCredentials: Check = {
  id,
  title: "Environment variables carry no literal credentials",
  pillar: "data",
  severity: "high",
  scope: "object",
  reads: [...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
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
    "Put the credential in a Secret mounted as a file (or an external store), rotate it, and remove the literal `env[].value`.",
  description:
    "A literal in a pod template is in Git, in every `kubectl get -o yaml` and in the ReplicaSet history. Detection uses secretlint's recommended rules and credential-like names; findings never carry the value.",
  evaluate: ({ inventory }) =>
    inventory.pods.map((pod) => {
      // One scan per pod: the engine gives each finding back to its entry by index.
      const vars = containersOf(pod.spec).flatMap((container) =>
        objectsAt(container.spec, "env").flatMap((env) => {
          const key = stringAt(env, "name");
          const value = stringAt(env, "value");
          return key === undefined || value === undefined
            ? []
            : [{ container: container.name, key, value }];
        }),
      );
      const findings = detectCredentials(vars).map(({ index, key, rule, kind }) => ({
        container: vars[index]?.container ?? "?",
        key,
        rule,
        kind,
      }));
      return findings.length === 0
        ? pass(id, pod.ownerRef, "No literal credential in environment variables")
        : fail(
            id,
            pod.ownerRef,
            `Literal credentials: ${findings.map((item) => `${item.container}: ${item.key} (${item.kind})`).join(", ")}`,
            { findings },
          );
    }),
};
