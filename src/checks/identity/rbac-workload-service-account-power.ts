import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";
import { RBAC_PATH_READS } from "../../engines/rbac/kinds.ts";

const id = "rbac-workload-service-account-power";

export const rbacWorkloadServiceAccountPower: Check = {
  id,
  title: "Workloads do not hold ServiceAccounts that can take over a namespace or the cluster",
  pillar: "identity",
  severity: "high",
  scope: "cluster",
  reads: RBAC_PATH_READS,
  frameworks: {
    cis: ["5.1.5", "5.1.6"],
    "nsa-cisa": ["Authentication and authorization: Role-based access control"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Applications and Workloads: Access Authorization"],
    soc2: ["CC6.3"],
  },
  remediation:
    "Give the workload its own ServiceAccount with only the permissions it uses, or set automountServiceAccountToken: false when it needs none.",
  description:
    "A compromised container acts with the token mounted into it: a workload holding a powerful ServiceAccount turns one exploited bug into a cluster or namespace takeover.",
  evaluate: ({ inventory, engines }) => {
    const findings = engines.rbac
      .escalationPaths()
      .filter((f) => f.type === "lateral-movement" && f.techniques[0] === "compromised-workload");
    return inventory.pods.map((pod) => {
      const found = findings.find(
        (f) =>
          f.subject.kind === pod.ownerRef.kind &&
          f.subject.namespace === pod.namespace &&
          f.subject.name === pod.ownerRef.name,
      );
      if (found === undefined)
        return pass(id, pod.ownerRef, "Its ServiceAccount cannot reach a high-impact privilege");
      return fail(
        id,
        pod.ownerRef,
        `A compromise reaches ${found.impact} through ${found.path[0]?.becomes ?? "its ServiceAccount"}`,
        { impact: found.impact, techniques: found.techniques, path: found.path },
        found.severity,
      );
    });
  },
};
