import { auditGaps, auditRequests, describeGaps } from "../../model/cluster-config-audit.ts";
import { judgeAuditPolicies } from "../../model/cluster-config.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";

const id = "audit-policy-secrets";
const VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const REQUESTS = [
  ...auditRequests("", ["secrets", "configmaps"], VERBS),
  ...auditRequests("authentication.k8s.io", ["tokenreviews"], ["create"]),
];

export const auditPolicySecrets: Check = {
  id,
  title: "The audit policy records Secret access at Metadata level, never with bodies",
  pillar: "visibility",
  severity: "high",
  scope: "cluster",
  // The apiserver comes from its static Pod or a flags file; the files it names, as loaded.
  reads: ["Pod", "KubeApiserverFlags", "Policy"],
  frameworks: {
    cis: ["3.2.2"],
    "nsa-cisa": ["Audit logging and threat detection: Logging"],
    "nist-800-207": ["Tenet 7"],
    "cisa-ztmm": ["Data: Visibility and Analytics Capability"],
    hipaa: ["164.312(b)"],
    gdpr: ["Art. 32(1)(b)"],
    "pci-dss": ["10.2.1", "10.2.2"],
    soc2: ["CC7.2"],
  },
  remediation:
    "Add, before any broader rule, `level: Metadata` for secrets and configmaps (core) and tokenreviews (authentication.k8s.io).",
  description:
    "Request and RequestResponse levels copy the Secret's data into the audit log, where anyone with log access reads it; None leaves access to credentials unrecorded.",
  evaluate: ({ inventory }) =>
    judgeAuditPolicies(id, inventory, (policy) => {
      const gaps = auditGaps(policy, REQUESTS, (level) => level === "Metadata");
      if (gaps.length === 0)
        return pass(
          id,
          policy.source,
          "Secrets, ConfigMaps and TokenReviews are logged at Metadata",
        );
      const leaks = gaps.some(
        ({ outcome }) => outcome.level === "Request" || outcome.level === "RequestResponse",
      );
      const blind = gaps.some(
        ({ outcome }) => outcome.level === "None" && outcome.conditions.length === 0,
      );
      const lines = describeGaps(gaps);
      return fail(
        id,
        policy.source,
        `${leaks ? "Secret values reach the audit log" : "Secret access goes unrecorded"}: ${lines.join("; ")}`,
        { gaps: lines },
        leaks ? "high" : blind ? "medium" : "low",
      );
    }),
};
