import { WORKLOAD_KINDS } from "../../model/kinds.ts";
import { containersOf } from "../../model/containers.ts";
import { objectsAt, stringAt } from "../../model/fields.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "secrets-in-env";

export const secretsInEnv: Check = {
  id,
  title: "Secrets are mounted as files, not exposed as environment variables",
  pillar: "data",
  severity: "medium",
  scope: "object",
  reads: [...WORKLOAD_KINDS],
  judges: [...WORKLOAD_KINDS],
  frameworks: {
    cis: ["5.4.1"],
    "nsa-cisa": ["Network separation and hardening: Secrets"],
    "cisa-ztmm": ["Data: Data Access"],
    hipaa: ["164.312(a)(1)"],
    soc2: ["CC6.1"],
  },
  remediation:
    "Mount the Secret as a volume (read-only) and read the file; drop `env[].valueFrom.secretKeyRef` and `envFrom[].secretRef`.",
  description:
    "Environment variables leak into child processes, crash dumps, logs and `/proc/<pid>/environ`, and cannot be rotated without a restart.",
  evaluate: ({ inventory }) =>
    inventory.pods.map((pod) => {
      const uses = containersOf(pod.spec).flatMap((container) => [
        ...objectsAt(container.spec, "env").flatMap((env) => {
          const secret = stringAt(env, "valueFrom", "secretKeyRef", "name");
          const key = stringAt(env, "valueFrom", "secretKeyRef", "key") ?? "?";
          return secret === undefined
            ? []
            : [`${container.name}: ${stringAt(env, "name") ?? "?"} <- ${secret}[${key}]`];
        }),
        ...objectsAt(container.spec, "envFrom").flatMap((source) => {
          const secret = stringAt(source, "secretRef", "name");
          return secret === undefined ? [] : [`${container.name}: envFrom ${secret}`];
        }),
      ]);
      return uses.length === 0
        ? pass(id, pod.ownerRef, "No Secret is exposed as an environment variable")
        : fail(id, pod.ownerRef, `Secrets in environment variables: ${uses.join("; ")}`, { uses });
    }),
};
