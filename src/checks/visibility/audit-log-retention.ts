import { flagValue } from "../../model/cluster-config-flags.ts";
import { clusterConfigOf, judgeEach } from "../../model/cluster-config.ts";
import { fail, pass, skip } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "audit-log-retention";

/** CIS minimums. 0 or unset keeps every file (the rotating writer's semantics): not a gap. */
const MINIMUMS = [
  ["audit-log-maxage", 30, "days"],
  ["audit-log-maxbackup", 10, "files"],
  ["audit-log-maxsize", 100, "MB"],
] as const;

export const auditLogRetention: Check = {
  id,
  title: "Audit log files are kept long enough",
  pillar: "visibility",
  severity: "low",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags"],
  frameworks: {
    cis: ["1.2.17", "1.2.18", "1.2.19"],
    "nsa-cisa": ["Audit logging and threat detection: Logging"],
    "nist-800-207": ["Tenet 7"],
    "cisa-ztmm": ["Identity: Visibility and Analytics Capability"],
    hipaa: ["164.312(b)"],
    "pci-dss": ["10.5.1"],
    soc2: ["CC7.2"],
  },
  remediation:
    "Set `--audit-log-maxage=30`, `--audit-log-maxbackup=10` and `--audit-log-maxsize=100` or more, and ship the log off the node.",
  description:
    "Rotation deletes old audit files: a retention shorter than an investigation removes the evidence. Unset or 0 keeps every file, which passes here (watch the disk).",
  evaluate: ({ inventory }) =>
    judgeEach(id, clusterConfigOf(inventory).apiservers, (apiserver) => {
      const path = flagValue(apiserver, "audit-log-path") ?? "";
      if (path === "" || path === "-") {
        return skip(
          id,
          apiserver.source,
          "No audit log file: retention is up to whatever collects the events",
        );
      }
      const short = MINIMUMS.flatMap(([flag, minimum, unit]) => {
        const text = flagValue(apiserver, flag);
        const value = text === undefined ? 0 : Number(text);
        if (!Number.isInteger(value)) return [`--${flag}=${text ?? ""} is not a whole number`];
        return value > 0 && value < minimum
          ? [`--${flag}=${value} (under ${minimum} ${unit})`]
          : [];
      });
      return short.length === 0
        ? pass(id, apiserver.source, `Audit log ${path} is kept within CIS minimums`)
        : fail(
            id,
            apiserver.source,
            `Audit log ${path} is rotated away early: ${short.join(", ")}`,
            { flags: short },
          );
    }),
};
