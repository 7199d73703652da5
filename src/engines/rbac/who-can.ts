import { grantOf, PRIVILEGED_GROUP, type RbacAuthorizer } from "./authorizer.ts";
import { roleResolutionError } from "./describe.ts";
import type { Grant, RbacBinding, Request, Subject, UserInfo } from "./types.ts";

/** A subject some binding names, with the namespace a ServiceAccount resolves to. */
export interface GrantedSubject {
  readonly subject: Subject;
  readonly grants: readonly Grant[];
}

export interface WhoCanAnswer {
  /** Groups allowed everything before RBAC runs (`system:masters`). */
  readonly privilegedGroups: readonly string[];
  readonly subjects: readonly GrantedSubject[];
}

/**
 * Every subject a binding grants the request to, found through the rule index (verb x resource)
 * and the role -> bindings index, never by scanning all bindings. A subject in the list is
 * allowed; a user is allowed iff its name or one of its groups is in the list (or in
 * `privilegedGroups`).
 */
export function whoCan(authorizer: RbacAuthorizer, request: Request): WhoCanAnswer {
  const namespace = request.kind === "resource" ? request.namespace : "";
  const bySubject = new Map<string, { subject: Subject; grants: Grant[] }>();
  for (const { role, roleRule } of authorizer.candidateRules(request)) {
    for (const binding of authorizer.bindingsOfRole(role, namespace)) {
      for (const subject of subjectsOf(binding)) {
        const key = `${subject.kind}\u0000${subject.namespace}\u0000${subject.name}`;
        const entry = bySubject.get(key) ?? { subject, grants: [] };
        entry.grants.push(grantOf(binding, subject, role, roleRule));
        bySubject.set(key, entry);
      }
    }
  }
  const subjects = [...bySubject.values()].sort((a, b) =>
    compareStrings(subjectLabel(a.subject), subjectLabel(b.subject)),
  );
  return { privilegedGroups: [PRIVILEGED_GROUP], subjects };
}

/** The subjects a binding can match, ServiceAccounts with their namespace resolved. */
export function subjectsOf(binding: RbacBinding): Subject[] {
  return binding.subjects.flatMap((subject) => {
    if (subject.kind === "User" || subject.kind === "Group") return [{ ...subject, namespace: "" }];
    if (subject.kind !== "ServiceAccount") return [];
    const namespace = subject.namespace === "" ? (binding.namespace ?? "") : subject.namespace;
    return namespace === "" ? [] : [{ ...subject, namespace }];
  });
}

export function subjectLabel(subject: Subject): string {
  return subject.kind === "ServiceAccount"
    ? `ServiceAccount ${subject.namespace}/${subject.name}`
    : `${subject.kind} ${subject.name}`;
}

export interface WhatCanAnswer {
  readonly user: UserInfo;
  readonly privilegedGroup: boolean;
  /** Rules from cluster role bindings: they hold in every namespace and at cluster scope. */
  readonly cluster: readonly Grant[];
  /** Rules from role bindings, by namespace (only namespaces with some). */
  readonly namespaces: Readonly<Record<string, readonly Grant[]>>;
  /** Bindings that apply but whose role is missing (as `RulesFor` reports them). */
  readonly errors: readonly string[];
}

/** The effective rules of a user, like a SelfSubjectRulesReview over every namespace. */
export function whatCan(authorizer: RbacAuthorizer, user: UserInfo): WhatCanAnswer {
  const errors: string[] = [];
  const collect = (namespace: string, kind: RbacBinding["kind"]): Grant[] =>
    authorizer.bindingsFor(user, namespace).flatMap(({ binding, subject }) => {
      if (binding.kind !== kind) return [];
      const role = authorizer.roleOf(binding);
      if (role === undefined) {
        errors.push(
          `${binding.ref.kind} ${binding.namespace === undefined ? "" : `${binding.namespace}/`}${binding.name}: ${roleResolutionError(binding)}`,
        );
        return [];
      }
      return role.rules.map((rule) => grantOf(binding, subject, role, rule));
    });
  const cluster = collect("", "ClusterRoleBinding");
  const namespaces: Record<string, Grant[]> = {};
  const names = [
    ...new Set(authorizer.bindings.flatMap((binding) => binding.namespace ?? [])),
  ].sort(compareStrings);
  for (const namespace of names) {
    const grants = collect(namespace, "RoleBinding");
    if (grants.length > 0) namespaces[namespace] = grants;
  }
  return {
    user,
    privilegedGroup: user.groups.includes(PRIVILEGED_GROUP),
    cluster,
    namespaces,
    errors,
  };
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
