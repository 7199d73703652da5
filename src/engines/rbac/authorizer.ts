import { aggregateErrors, describeGrantSource, roleResolutionError } from "./describe.ts";
import { ruleAllows } from "./rule-match.ts";
import { serviceAccountUsername } from "./user-info.ts";
import type {
  Decision,
  Grant,
  RbacBinding,
  RbacRole,
  Request,
  RoleRule,
  Subject,
  UserInfo,
} from "./types.ts";

const DENIED: Decision = { allowed: false, reason: "", privilegedGroup: false, grants: [] };

/** The group the kube-apiserver allows everything before any authorizer runs. */
export const PRIVILEGED_GROUP = "system:masters";

interface SubjectHit {
  readonly binding: RbacBinding;
  readonly order: number;
  readonly subjectIndex: number;
}

/** A rule of a role, indexed by the verbs and resources it names. */
export interface IndexedRule {
  readonly role: RbacRole;
  readonly roleRule: RoleRule;
}

/** One user's authorizer (see `forUser`). */
export interface UserAuthorizer {
  (request: Request): Decision;
  /**
   * False when no rule with resourceNames could match the request's verb and resource in its
   * namespace: then the answer is the same for every name (asking once without one suffices).
   */
  namesMatter(request: Request): boolean;
}

/** One place that answers like the RBAC authorizer, built once from parsed roles and bindings. */
export interface RbacAuthorizer {
  readonly roles: readonly RbacRole[];
  /** Cluster role bindings by name, then role bindings by namespace and name. */
  readonly bindings: readonly RbacBinding[];
  authorize(user: UserInfo, request: Request): Decision;
  /** The same answers for one user, with the bindings that apply found once per namespace. */
  forUser(user: UserInfo, maxGrants?: number): UserAuthorizer;
  /** The role a binding refers to, as the authorizer resolves it; undefined when missing. */
  roleOf(binding: RbacBinding): RbacRole | undefined;
  /** The bindings that apply to a user in a namespace ("" for cluster scope), in visit order. */
  bindingsFor(
    user: UserInfo,
    namespace: string,
  ): readonly { binding: RbacBinding; subject: Subject }[];
  /** Rules that may allow a request, found through the verb x resource index, any scope. */
  candidateRules(request: Request): readonly IndexedRule[];
  /** Bindings that refer to a role and grant in `namespace` ("" means cluster-wide only). */
  bindingsOfRole(role: RbacRole, namespace: string): readonly RbacBinding[];
  /** Whether some ClusterRoleBinding names this user (User or ServiceAccount subject). */
  namedByClusterRoleBinding(name: string): boolean;
  /** Namespaces where some RoleBinding applies to the user (by name or group), sorted. */
  roleBindingNamespacesFor(user: UserInfo): readonly string[];
}

export function buildAuthorizer(
  roles: readonly RbacRole[],
  unsortedBindings: readonly RbacBinding[],
): RbacAuthorizer {
  const bindings = sortBindings(unsortedBindings);
  const roleByKey = new Map<string, RbacRole>();
  for (const role of roles)
    roleByKey.set(roleKey(role.kind, role.namespace ?? "", role.name), role);

  // Subject index: by user name (User subjects and ServiceAccount usernames) and by group,
  // scoped "" for cluster role bindings and by namespace for role bindings.
  const byUser = new Map<string, SubjectHit[]>();
  const byGroup = new Map<string, SubjectHit[]>();
  const byRole = new Map<string, RbacBinding[]>();
  // name or group -> namespaces of the role bindings that name it.
  const namespacesByUser = new Map<string, Set<string>>();
  const namespacesByGroup = new Map<string, Set<string>>();
  const addNamespace = (map: Map<string, Set<string>>, key: string, namespace: string) => {
    if (namespace === "") return;
    const set = map.get(key) ?? new Set<string>();
    set.add(namespace);
    map.set(key, set);
  };
  bindings.forEach((binding, order) => {
    const scope = binding.namespace ?? "";
    // Role -> its cluster role bindings (scope ""), and its role bindings per namespace.
    push(byRole, `${bindingRoleKey(binding)}\u0000${scope}`, binding);
    binding.subjects.forEach((subject, subjectIndex) => {
      const hit = { binding, order, subjectIndex };
      if (subject.kind === "User") {
        push(byUser, `${scope}\u0000${subject.name}`, hit);
        addNamespace(namespacesByUser, subject.name, scope);
      } else if (subject.kind === "Group") {
        push(byGroup, `${scope}\u0000${subject.name}`, hit);
        addNamespace(namespacesByGroup, subject.name, scope);
      } else if (subject.kind === "ServiceAccount") {
        // A role binding defaults the namespace to its own; a cluster role binding cannot.
        const namespace = subject.namespace === "" ? scope : subject.namespace;
        if (namespace !== "") {
          const username = serviceAccountUsername(namespace, subject.name);
          push(byUser, `${scope}\u0000${username}`, hit);
          addNamespace(namespacesByUser, username, scope);
        }
      }
    });
  });

  const rulesByKey = new Map<string, IndexedRule[]>();
  for (const role of roles) {
    const scope = role.namespace ?? "";
    for (const roleRule of role.rules) {
      const keys = new Set<string>();
      for (const verb of roleRule.rule.verbs) {
        for (const resource of roleRule.rule.resources)
          keys.add(`${scope}\u0000${verb}\u0000${resource}`);
        if (roleRule.rule.nonResourceURLs.length > 0)
          keys.add(`${scope}\u0000${verb}\u0000\u0001url`);
      }
      for (const key of keys) push(rulesByKey, key, { role, roleRule });
    }
  }

  // Each binding's role, resolved once (the hot path of every question).
  const resolved = new Map<RbacBinding, RbacRole | undefined>();
  for (const binding of bindings) {
    const known = binding.roleRef.kind === "Role" || binding.roleRef.kind === "ClusterRole";
    resolved.set(binding, known ? roleByKey.get(bindingRoleKey(binding)) : undefined);
  }
  const roleOf = (binding: RbacBinding): RbacRole | undefined => resolved.get(binding);

  const hitsFor = (user: UserInfo, namespace: string): SubjectHit[] => {
    const first = new Map<RbacBinding, SubjectHit>();
    const take = (list: readonly SubjectHit[] | undefined) => {
      if (list === undefined) return;
      for (const hit of list) {
        const seen = first.get(hit.binding);
        if (seen === undefined || hit.subjectIndex < seen.subjectIndex) first.set(hit.binding, hit);
      }
    };
    for (const scope of namespace === "" ? [""] : ["", namespace]) {
      take(byUser.get(`${scope}\u0000${user.name}`));
      for (const group of user.groups) take(byGroup.get(`${scope}\u0000${group}`));
    }
    return [...first.values()].sort((a, b) => a.order - b.order);
  };

  const decide = (user: UserInfo, hits: readonly SubjectHit[]): Decision | undefined =>
    user.groups.includes(PRIVILEGED_GROUP)
      ? { allowed: true, reason: "", privilegedGroup: true, grants: [] }
      : hits.length === 0
        ? { allowed: false, reason: "", privilegedGroup: false, grants: [] }
        : undefined;

  const evaluate = (
    hits: readonly SubjectHit[],
    request: Request,
    maxGrants = Number.POSITIVE_INFINITY,
  ): Decision => {
    const grants: Grant[] = [];
    const errors: string[] = [];
    let reason = "";
    for (const { binding, subjectIndex } of hits) {
      const role = roleOf(binding);
      if (role === undefined) {
        errors.push(roleResolutionError(binding));
        continue;
      }
      const subject = binding.subjects[subjectIndex];
      if (subject === undefined) continue;
      for (const roleRule of role.rules) {
        if (!ruleAllows(roleRule.rule, request)) continue;
        if (grants.length === 0)
          reason = `RBAC: allowed by ${describeGrantSource(binding, subject)}`;
        grants.push(grantOf(binding, subject, role, roleRule));
        if (grants.length >= maxGrants)
          return { allowed: true, reason, privilegedGroup: false, grants };
      }
    }
    if (grants.length > 0) return { allowed: true, reason, privilegedGroup: false, grants };
    if (errors.length === 0) return DENIED;
    const failed = aggregateErrors(errors);
    return {
      allowed: false,
      reason: failed === "" ? "" : `RBAC: ${failed}`,
      privilegedGroup: false,
      grants: [],
    };
  };

  const namespaceOf = (request: Request) => (request.kind === "resource" ? request.namespace : "");

  const authorize = (user: UserInfo, request: Request): Decision => {
    const hits = hitsFor(user, namespaceOf(request));
    return decide(user, hits) ?? evaluate(hits, request);
  };

  // What a set of roles can ever match (verbs, resources, any URL rule), so that a question
  // none of them can match is denied without walking the rules.
  interface Reach {
    readonly verbs: Set<string>;
    readonly resources: Set<string>;
    readonly urls: boolean;
    /** Verbs and resources of the rules with resourceNames, as `verb resource` pairs. */
    readonly named: Set<string>;
  }
  const reachOf = (lists: readonly (readonly SubjectHit[] | undefined)[]): Reach => {
    const verbs = new Set<string>();
    const resources = new Set<string>();
    const named = new Set<string>();
    let urls = false;
    const seen = new Set<RbacRole>();
    for (const list of lists) {
      for (const { binding } of list ?? []) {
        const role = roleOf(binding);
        if (role === undefined || seen.has(role)) continue;
        seen.add(role);
        for (const { rule } of role.rules) {
          for (const verb of rule.verbs) verbs.add(verb);
          for (const resource of rule.resources) resources.add(resource);
          if (rule.nonResourceURLs.length > 0) urls = true;
          if (rule.resourceNames.length === 0) continue;
          for (const verb of rule.verbs) {
            for (const resource of rule.resources) named.add(`${verb} ${resource}`);
          }
        }
      }
    }
    return { verbs, resources, urls, named };
  };
  const hasErrors = (lists: readonly (readonly SubjectHit[] | undefined)[]) =>
    lists.some((list) => list?.some(({ binding }) => roleOf(binding) === undefined) === true);

  // Per namespace: the bindings that apply, and what their roles can match, split in two: the
  // groups' part is shared by every user with the same groups (the ServiceAccounts of a
  // namespace), built once; the user's own part is usually small or empty.
  interface Part {
    readonly reach: Reach;
    readonly errors: boolean;
  }
  interface Scope {
    readonly hits: SubjectHit[];
    readonly parts: readonly Part[];
    readonly errors: boolean;
  }
  const groupParts = new Map<string, Part>();
  const scopesOf = (namespace: string) => (namespace === "" ? [""] : ["", namespace]);
  const groupPart = (groups: readonly string[], namespace: string): Part => {
    const key = `${namespace}\u0001${groups.join("\u0000")}`;
    let part = groupParts.get(key);
    if (part === undefined) {
      const lists = scopesOf(namespace).flatMap((scope) =>
        groups.map((group) => byGroup.get(`${scope}\u0000${group}`)),
      );
      part = { reach: reachOf(lists), errors: hasErrors(lists) };
      groupParts.set(key, part);
    }
    return part;
  };
  const buildScope = (user: UserInfo, namespace: string): Scope => {
    const fromGroups = groupPart(user.groups, namespace);
    const own = scopesOf(namespace).map((scope) => byUser.get(`${scope}\u0000${user.name}`));
    const parts: Part[] = [fromGroups];
    if (own.some((list) => list !== undefined))
      parts.push({ reach: reachOf(own), errors: hasErrors(own) });
    return {
      hits: hitsFor(user, namespace),
      parts,
      errors: parts.some((part) => part.errors),
    };
  };

  const forUser = (user: UserInfo, maxGrants?: number) => {
    const cache = new Map<string, Scope>();
    const scopeOf = (namespace: string): Scope => {
      let scope = cache.get(namespace);
      if (scope === undefined) cache.set(namespace, (scope = buildScope(user, namespace)));
      return scope;
    };
    const authorize = (request: Request): Decision => {
      const scope = scopeOf(namespaceOf(request));
      const early = decide(user, scope.hits);
      if (early !== undefined) return early;
      if (!scope.errors && !scope.parts.some(({ reach }) => mayMatch(reach, request)))
        return DENIED;
      return evaluate(scope.hits, request, maxGrants);
    };
    const namesMatter = (request: Request): boolean => {
      if (request.kind !== "resource") return false;
      const { parts } = scopeOf(request.namespace);
      if (parts.every(({ reach }) => reach.named.size === 0)) return false;
      const resources =
        request.subresource === ""
          ? [request.resource, "*"]
          : [`${request.resource}/${request.subresource}`, "*", `*/${request.subresource}`];
      return parts.some(({ reach: { named } }) =>
        [request.verb, "*"].some((verb) =>
          resources.some((resource) => named.has(`${verb} ${resource}`)),
        ),
      );
    };
    return Object.assign(authorize, { namesMatter });
  };

  const candidateRules = (request: Request): IndexedRule[] => {
    const verbs = [request.verb, "*"];
    const resources =
      request.kind === "resource"
        ? [
            request.subresource === ""
              ? request.resource
              : `${request.resource}/${request.subresource}`,
            "*",
            ...(request.subresource === "" ? [] : [`*/${request.subresource}`]),
          ]
        : ["\u0001url"];
    const scopes =
      request.kind === "resource" && request.namespace !== "" ? ["", request.namespace] : [""];
    const found = new Set<IndexedRule>();
    for (const scope of scopes) {
      for (const verb of verbs) {
        for (const resource of resources) {
          for (const rule of rulesByKey.get(`${scope}\u0000${verb}\u0000${resource}`) ?? []) {
            if (ruleAllows(rule.roleRule.rule, request)) found.add(rule);
          }
        }
      }
    }
    return [...found];
  };

  return {
    roles,
    bindings,
    authorize,
    forUser,
    roleOf,
    bindingsFor: (user, namespace) =>
      hitsFor(user, namespace).flatMap(({ binding, subjectIndex }) => {
        const subject = binding.subjects[subjectIndex];
        return subject === undefined ? [] : [{ binding, subject }];
      }),
    candidateRules,
    namedByClusterRoleBinding: (name) => byUser.has(`\u0000${name}`),
    roleBindingNamespacesFor: (user) => {
      const found = new Set(namespacesByUser.get(user.name) ?? []);
      for (const group of user.groups) {
        for (const namespace of namespacesByGroup.get(group) ?? []) found.add(namespace);
      }
      return [...found].sort();
    },
    bindingsOfRole: (role, namespace) => {
      const key = roleKey(role.kind, role.namespace ?? "", role.name);
      const cluster = role.kind === "ClusterRole" ? (byRole.get(`${key}\u0000`) ?? []) : [];
      const local = namespace === "" ? [] : (byRole.get(`${key}\u0000${namespace}`) ?? []);
      return local.length === 0 ? cluster : [...cluster, ...local];
    },
  };
}

export function grantOf(
  binding: RbacBinding,
  subject: Subject,
  role: RbacRole,
  roleRule: RoleRule,
): Grant {
  return {
    binding: binding.ref,
    subject,
    role: role.ref,
    ruleIndex: roleRule.index,
    rule: roleRule.rule,
    ...(roleRule.aggregatedFrom === undefined ? {} : { aggregatedFrom: roleRule.aggregatedFrom }),
    bootstrap: binding.bootstrap,
  };
}

function roleKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

/** Where a binding's roleRef points: a Role in the binding's namespace, or a ClusterRole. */
function bindingRoleKey(binding: RbacBinding): string {
  const namespace = binding.roleRef.kind === "Role" ? (binding.namespace ?? "") : "";
  return roleKey(binding.roleRef.kind, namespace, binding.roleRef.name);
}

/** Cluster role bindings by name, then role bindings by namespace and name (keys built once). */
/** False when no rule naming only these verbs and resources could allow the request. */
function mayMatch(
  scope: { readonly verbs: Set<string>; readonly resources: Set<string>; readonly urls: boolean },
  request: Request,
): boolean {
  if (!scope.verbs.has(request.verb) && !scope.verbs.has("*")) return false;
  if (request.kind === "nonResource") return scope.urls;
  if (scope.resources.has("*")) return true;
  if (request.subresource === "") return scope.resources.has(request.resource);
  return (
    scope.resources.has(`${request.resource}/${request.subresource}`) ||
    scope.resources.has(`*/${request.subresource}`)
  );
}

function sortBindings(bindings: readonly RbacBinding[]): RbacBinding[] {
  return bindings
    .map((binding) => ({
      binding,
      key: `${binding.kind === "ClusterRoleBinding" ? 0 : 1}\u0000${binding.namespace ?? ""}\u0000${binding.name}`,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ binding }) => binding);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
