import { auditGaps, auditRequests, describeGaps } from "../../model/cluster-config-audit.ts";
import { judgeAuditPolicies } from "../../model/cluster-config.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "audit-policy-exec";
// Streaming connections are authorized as `create`, or `get` when opened as a websocket GET.
const VERBS = ["create", "get"];
const REQUESTS = [
  ...auditRequests(
    "",
    ["pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "services/proxy"],
    VERBS,
  ),
];

export const auditPolicyExec: Check = {
  id,
  title: "The audit policy records exec, attach, port-forward and proxy into workloads",
  pillar: "visibility",
  severity: "high",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags", "Policy"],
  frameworks: {
    cis: ["3.2.2"],
    "nsa-cisa": ["Audit logging and threat detection: Logging"],
    "nist-800-207": ["Tenet 7"],
    "cisa-ztmm": ["Applications and Workloads: Visibility and Analytics Capability"],
    hipaa: ["164.312(b)"],
    "pci-dss": ["10.2.1.2"],
    soc2: ["CC7.2"],
  },
  remediation:
    "Add a rule with level Metadata or above for pods/exec, pods/attach, pods/portforward, pods/proxy and services/proxy, before any rule that drops them.",
  description:
    "A shell in a container bypasses every API-level control that follows; the audit event is the only record that someone opened it.",
  evaluate: ({ inventory }) =>
    judgeAuditPolicies(id, inventory, (policy) => {
      const gaps = auditGaps(policy, REQUESTS, (level) => level !== "None");
      if (gaps.length === 0)
        return pass(id, policy.source, "Exec, attach, port-forward and proxy are logged");
      const lines = describeGaps(gaps);
      return fail(
        id,
        policy.source,
        `Some exec or proxy sessions go unrecorded: ${lines.join("; ")}`,
        { gaps: lines },
        gaps.some(({ outcome }) => outcome.conditions.length === 0) ? "high" : "medium",
      );
    }),
};
