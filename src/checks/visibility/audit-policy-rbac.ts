import { auditGaps, auditRequests, describeGaps } from "../../model/cluster-config-audit.ts";
import { judgeAuditPolicies } from "../../model/cluster-config.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "audit-policy-rbac";
const REQUESTS = auditRequests(
  "rbac.authorization.k8s.io",
  ["roles", "rolebindings", "clusterroles", "clusterrolebindings"],
  ["create", "update", "patch", "delete", "deletecollection"],
);

export const auditPolicyRbac: Check = {
  id,
  title: "The audit policy records RBAC changes with their content",
  pillar: "visibility",
  severity: "high",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags", "Policy"],
  frameworks: {
    cis: ["3.2.2"],
    "nsa-cisa": ["Audit logging and threat detection: Logging"],
    "nist-800-207": ["Tenet 7"],
    "cisa-ztmm": ["Identity: Visibility and Analytics Capability"],
    hipaa: ["164.312(b)"],
    "pci-dss": ["10.2.1.2", "10.2.1.5"],
    soc2: ["CC7.2", "CC8.1"],
  },
  remediation:
    "Add a rule `level: RequestResponse` (or Request) for writes to roles, rolebindings, clusterroles and clusterrolebindings, before any broader rule.",
  description:
    "Granting oneself more rights is the first step of most escalations; at Metadata level the log shows that a binding changed but not to whom it now grants what.",
  evaluate: ({ inventory }) =>
    judgeAuditPolicies(id, inventory, (policy) => {
      const gaps = auditGaps(
        policy,
        REQUESTS,
        (level) => level === "Request" || level === "RequestResponse",
      );
      if (gaps.length === 0)
        return pass(id, policy.source, "RBAC writes are logged with their request bodies");
      const unlogged = gaps.filter(({ outcome }) => outcome.level === "None");
      const lines = describeGaps(gaps);
      return fail(
        id,
        policy.source,
        `${unlogged.length > 0 ? "RBAC changes go unrecorded" : "RBAC changes are logged without their content"}: ${lines.join("; ")}`,
        { gaps: lines },
        unlogged.some(({ outcome }) => outcome.conditions.length === 0)
          ? "high"
          : unlogged.length > 0
            ? "medium"
            : "low",
      );
    }),
};
