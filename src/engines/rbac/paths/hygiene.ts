import type { RbacAuthorizer } from "../authorizer.ts";
import type { PolicyRule, RbacBinding, RbacRole } from "../types.ts";
import type { ClusterFacts } from "./facts.ts";
import type { FindingSubject, PathFinding } from "./types.ts";
import type { Severity } from "../../../model/check-meta.ts";

const BROAD_GROUPS = new Set([
  "system:authenticated",
  "system:unauthenticated",
  "system:serviceaccounts",
]);
const WRITE_VERBS = new Set([
  "*",
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
  "bind",
  "escalate",
  "impersonate",
]);

/** Hygiene: what is not yet an escalation but weakens least privilege. Bootstrap objects are exempt. */
export function hygieneFindings(authorizer: RbacAuthorizer, facts: ClusterFacts): PathFinding[] {
  const out: PathFinding[] = [];
  const finding = (
    subject: FindingSubject,
    impact: string,
    severity: Severity,
    action: string,
  ): PathFinding => ({
    type: "hygiene",
    subject,
    impact,
    severity,
    techniques: ["hygiene"],
    path: [{ technique: "hygiene", action, grants: [] }],
  });
  for (const binding of authorizer.bindings) {
    if (binding.bootstrap) continue;
    const where =
      binding.namespace === undefined ? binding.name : `${binding.namespace}/${binding.name}`;
    const subject = refOf(binding);
    const role = authorizer.roleOf(binding);
    if (role === undefined) {
      out.push(
        finding(
          subject,
          `dangling-binding:${where}`,
          "medium",
          `${binding.kind} ${where} refers to ${binding.roleRef.kind} ${binding.roleRef.name}, which does not exist: whoever creates it grants its subjects`,
        ),
      );
    }
    for (const account of binding.subjects.filter((s) => s.kind === "ServiceAccount")) {
      const namespace = account.namespace === "" ? (binding.namespace ?? "") : account.namespace;
      if (
        namespace !== "" &&
        facts.declaresServiceAccounts(namespace) &&
        !facts.hasServiceAccount(namespace, account.name)
      ) {
        out.push(
          finding(
            subject,
            `dangling-binding:${where}`,
            "medium",
            `${binding.kind} ${where} names ServiceAccount ${namespace}/${account.name}, which does not exist: whoever creates it inherits the grant`,
          ),
        );
      }
    }
    if (role === undefined || role.rules.length === 0) continue;
    const writes = role.rules.some(
      ({ rule }) =>
        rule.verbs.some((verb) => WRITE_VERBS.has(verb)) ||
        rule.resources.some((r) => r === "secrets" || r === "*"),
    );
    for (const member of binding.subjects) {
      const anonymous =
        (member.kind === "User" && member.name === "system:anonymous") ||
        (member.kind === "Group" && member.name === "system:unauthenticated");
      if (anonymous) {
        out.push(
          finding(
            subject,
            `anonymous-access:${where}`,
            writes ? "critical" : "high",
            `${binding.kind} ${where} grants ${binding.roleRef.kind} ${binding.roleRef.name} to unauthenticated requests`,
          ),
        );
      } else if (
        member.kind === "Group" &&
        (BROAD_GROUPS.has(member.name) || member.name.startsWith("system:serviceaccounts:"))
      ) {
        out.push(
          finding(
            subject,
            `broad-group-grant:${where}`,
            writes ? "high" : "medium",
            `${binding.kind} ${where} grants ${binding.roleRef.kind} ${binding.roleRef.name} to every member of ${member.name}`,
          ),
        );
      }
    }
  }
  for (const role of authorizer.roles) {
    if (role.bootstrap) continue;
    const label = role.namespace === undefined ? role.name : `${role.namespace}/${role.name}`;
    const subject = roleRef(role);
    if (
      role.aggregationSelectors === undefined &&
      role.rules.some(({ rule }) => rule.verbs.includes("*") || rule.resources.includes("*"))
    ) {
      out.push(
        finding(
          subject,
          `wildcard-rule:${label}`,
          "medium",
          `${role.kind} ${label} has a rule with * in verbs or resources: it grants future resources and verbs too`,
        ),
      );
    }
    for (const { rule, index } of role.rules) {
      const why = deadReason(rule, role);
      if (why !== undefined)
        out.push(
          finding(
            subject,
            `dead-rule:${label}`,
            "low",
            `${role.kind} ${label} rules[${index}] can never match: ${why}`,
          ),
        );
    }
  }
  for (const namespace of facts.namespaces) {
    for (const token of facts.tokenSecretsOf(namespace)) {
      out.push(
        finding(
          { kind: "Secret", namespace, name: token.secret },
          `legacy-token-secret:${namespace}/${token.secret}`,
          "medium",
          `Secret ${namespace}/${token.secret} holds a non-expiring token of ServiceAccount ${token.serviceAccount}; use the TokenRequest API`,
        ),
      );
    }
  }
  return out;
}

function deadReason(rule: PolicyRule, role: RbacRole): string | undefined {
  if (rule.verbs.length === 0) return "no verbs";
  if (rule.resources.length === 0 && rule.nonResourceURLs.length === 0)
    return "no resources and no nonResourceURLs";
  if (rule.resources.length > 0 && rule.apiGroups.length === 0)
    return "resources without apiGroups";
  if (role.kind === "Role" && rule.resources.length === 0)
    return "nonResourceURLs in a Role (a RoleBinding never grants them)";
  return undefined;
}

function refOf(binding: RbacBinding): FindingSubject {
  return {
    kind: binding.kind,
    ...(binding.namespace === undefined ? {} : { namespace: binding.namespace }),
    name: binding.name,
  };
}

function roleRef(role: RbacRole): FindingSubject {
  return {
    kind: role.kind,
    ...(role.namespace === undefined ? {} : { namespace: role.namespace }),
    name: role.name,
  };
}
