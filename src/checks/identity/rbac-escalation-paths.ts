import { subjectsOf } from "../../engines/rbac/who-can.ts";
import type { Result } from "../../model/check-meta.ts";
import { fail, pass } from "../../model/results.ts";
import type { Check } from "../check.ts";
import { RBAC_PATH_READS } from "../../engines/rbac/kinds.ts";

const id = "rbac-escalation-paths";

export const rbacEscalationPaths: Check = {
  id,
  title: "No subject can escalate its privileges through RBAC",
  pillar: "identity",
  severity: "critical",
  scope: "cluster",
  reads: RBAC_PATH_READS,
  frameworks: {
    cis: ["5.1.3", "5.1.5", "5.1.8"],
    "nsa-cisa": ["Authentication and authorization: Role-based access control"],
    "nist-800-207": ["Tenet 6"],
    "cisa-ztmm": ["Identity: Access Management"],
    "pci-dss": ["7.2.1"],
    soc2: ["CC6.3"],
  },
  remediation:
    "Remove the grant of the first step (workload creation, Secret reads, bind/escalate, impersonate, token minting) or split it into a role without the escalating verb.",
  description:
    "A subject that can create pods, mint tokens, bind roles or impersonate effectively holds the power of whatever it can become; least privilege must hold across those paths.",
  evaluate: ({ engines }) => {
    const findings = engines.rbac
      .escalationPaths()
      .filter(
        (f) => f.type === "privilege-escalation" && f.techniques.some((t) => t !== "direct-grant"),
      );
    const results: Result[] = [];
    const seen = new Set<string>();
    for (const binding of engines.rbac.authorizer.bindings) {
      if (binding.bootstrap) continue;
      for (const subject of subjectsOf(binding)) {
        const key = `${subject.kind}/${subject.namespace}/${subject.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const target = {
          kind: subject.kind,
          ...(subject.namespace === "" ? {} : { namespace: subject.namespace }),
          name: subject.name,
        };
        const own = findings.filter(
          (f) =>
            f.subject.kind === subject.kind &&
            (f.subject.namespace ?? "") === subject.namespace &&
            f.subject.name === subject.name,
        );
        if (own.length === 0) {
          results.push(pass(id, target, "No escalation path from its grants"));
          continue;
        }
        for (const finding of own) {
          results.push(
            fail(
              id,
              target,
              `Can reach ${finding.impact} via ${finding.techniques.join(" -> ")}`,
              { impact: finding.impact, techniques: finding.techniques, path: finding.path },
              finding.severity,
            ),
          );
        }
      }
    }
    return results;
  },
};
