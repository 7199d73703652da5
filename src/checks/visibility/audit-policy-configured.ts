import { flagValue } from "../../model/cluster-config-flags.ts";
import { clusterConfigOf, judgeEach } from "../../model/cluster-config.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "audit-policy-configured";

export const auditPolicyConfigured: Check = {
  id,
  title: "The apiserver has an audit policy",
  pillar: "visibility",
  severity: "high",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags"],
  frameworks: {
    cis: ["3.2.1"],
    "nsa-cisa": ["Audit logging and threat detection: Logging"],
    "nist-800-207": ["Tenet 5", "Tenet 7"],
    "cisa-ztmm": ["Identity: Visibility and Analytics Capability"],
    hipaa: ["164.312(b)"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["10.2.1"],
    soc2: ["CC7.2"],
  },
  remediation:
    "Write an audit policy (Metadata for Secrets, full requests for RBAC changes and exec) and set `--audit-policy-file` to it.",
  description:
    "Without `--audit-policy-file` the apiserver records no audit events at all, whatever backend is set: who did what in the cluster is lost.",
  evaluate: ({ inventory }) =>
    judgeEach(id, clusterConfigOf(inventory).apiservers, (apiserver) => {
      const path = flagValue(apiserver, "audit-policy-file") ?? "";
      return path === ""
        ? fail(id, apiserver.source, "No --audit-policy-file: the apiserver writes no audit events")
        : pass(id, apiserver.source, `Audit policy: ${path}`, { policyFile: path });
    }),
};
