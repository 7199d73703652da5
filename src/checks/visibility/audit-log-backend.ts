import { flagValue } from "../../model/cluster-config-flags.ts";
import { clusterConfigOf, judgeEach } from "../../model/cluster-config.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "audit-log-backend";

export const auditLogBackend: Check = {
  id,
  title: "Audit events go to a log file or a webhook",
  pillar: "visibility",
  severity: "high",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags"],
  frameworks: {
    cis: ["1.2.16"],
    "nsa-cisa": ["Audit logging and threat detection: Logging"],
    "nist-800-207": ["Tenet 7"],
    "cisa-ztmm": ["Identity: Visibility and Analytics Capability"],
    hipaa: ["164.312(b)"],
    "pci-dss": ["10.2.1", "10.3.3"],
    soc2: ["CC7.2"],
  },
  remediation:
    "Set `--audit-log-path` (a file, or `-` for stdout collected by the node's log agent) or `--audit-webhook-config-file` to ship events to a SIEM.",
  description: "An audit policy without a backend produces events that are written nowhere.",
  evaluate: ({ inventory }) =>
    judgeEach(id, clusterConfigOf(inventory).apiservers, (apiserver) => {
      const logPath = flagValue(apiserver, "audit-log-path") ?? "";
      const webhook = flagValue(apiserver, "audit-webhook-config-file") ?? "";
      const backends = [
        ...(logPath === "" ? [] : [logPath === "-" ? "log to stdout" : `log ${logPath}`]),
        ...(webhook === "" ? [] : [`webhook ${webhook}`]),
      ];
      return backends.length === 0
        ? fail(
            id,
            apiserver.source,
            "Neither --audit-log-path nor --audit-webhook-config-file is set",
          )
        : pass(id, apiserver.source, `Audit backends: ${backends.join(", ")}`, { backends });
    }),
};
