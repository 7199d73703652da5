import type { Request } from "../../engines/rbac/types.ts";
import { splitServiceAccountUsername } from "../../engines/rbac/user-info.ts";
import type { KubeObject } from "../../model/kube-object.ts";

export interface RoleOptions {
  /** More distinct names than this for one verb: the rule names none (default 10). */
  readonly maxResourceNames: number;
}

/** A rule that names no object where the requests did: said so the reviewer can decide. */
export interface Broadening {
  readonly user: string;
  readonly scope: string;
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly rule: string;
  readonly reason: string;
}

interface Rule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/**
 * Kubernetes' generateName suffix: five characters from an alphabet without vowels and
 * look-alikes (k8s.io/apimachinery/pkg/util/rand). A name ending so was made per object, so a
 * rule naming it breaks with the next one.
 */
const GENERATED_SUFFIX = /-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

const RBAC = "rbac.authorization.k8s.io/v1";

/**
 * One user's minimal RBAC: a Role (and RoleBinding) per namespace it used, a ClusterRole (and
 * ClusterRoleBinding) only for cluster-scoped, all-namespace and non-resource requests. Verbs
 * exactly as used; resourceNames kept unless some request of that verb named none, the names
 * look generated, or there are more than `maxResourceNames`.
 */
export function rolesFor(
  username: string,
  requests: readonly Request[],
  options: RoleOptions,
): { objects: KubeObject[]; broadenings: Broadening[] } {
  const byScope = new Map<string, Request[]>();
  for (const request of requests) {
    const scope = request.kind === "resource" ? request.namespace : "";
    byScope.set(scope, [...(byScope.get(scope) ?? []), request]);
  }
  const name = roleName(username);
  const subject = subjectOf(username);
  const objects: KubeObject[] = [];
  const broadenings: Broadening[] = [];
  for (const scope of [...byScope.keys()].sort()) {
    const rules = rulesOf(byScope.get(scope) ?? [], options, (at, rule, reason) =>
      broadenings.push({
        user: username,
        scope: scope === "" ? "cluster" : scope,
        ...at,
        rule,
        reason,
      }),
    );
    const cluster = scope === "";
    const labels = { "app.kubernetes.io/managed-by": "tenet" };
    const metadata = cluster ? { name, labels } : { name, namespace: scope, labels };
    objects.push({ apiVersion: RBAC, kind: cluster ? "ClusterRole" : "Role", metadata, rules });
    objects.push({
      apiVersion: RBAC,
      kind: cluster ? "ClusterRoleBinding" : "RoleBinding",
      metadata,
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: cluster ? "ClusterRole" : "Role",
        name,
      },
      subjects: [subject],
    });
  }
  return { objects, broadenings };
}

/** `tenet:` and the username; RBAC names may hold `:` but not `/` or `%`. */
export function roleName(username: string): string {
  return `tenet:${username.replace(/[/%]/g, "_")}`;
}

export function subjectOf(username: string): Record<string, string> {
  const serviceAccount = splitServiceAccountUsername(username);
  return serviceAccount === undefined
    ? { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: username }
    : { kind: "ServiceAccount", name: serviceAccount.name, namespace: serviceAccount.namespace };
}

function rulesOf(
  requests: readonly Request[],
  options: RoleOptions,
  broaden: (
    at: { verb: string; apiGroup: string; resource: string },
    rule: string,
    reason: string,
  ) => void,
): Rule[] {
  // (group, resource) -> verb -> names; "" in names: some request named no object.
  const resources = new Map<string, Map<string, Set<string>>>();
  const urls = new Map<string, Set<string>>();
  for (const request of requests) {
    if (request.kind === "nonResource") {
      urls.set(request.path, (urls.get(request.path) ?? new Set()).add(request.verb));
      continue;
    }
    const resource =
      request.subresource === "" ? request.resource : `${request.resource}/${request.subresource}`;
    const key = `${request.apiGroup}\u0000${resource}`;
    const verbs = resources.get(key) ?? new Map<string, Set<string>>();
    verbs.set(request.verb, (verbs.get(request.verb) ?? new Set()).add(request.name));
    resources.set(key, verbs);
  }
  const rules: Rule[] = [];
  for (const key of [...resources.keys()].sort()) {
    const [group = "", resource = ""] = key.split("\u0000");
    // Verbs with the same names share one rule.
    const byNames = new Map<string, string[]>();
    for (const [verb, names] of resources.get(key) ?? []) {
      let kept = [...names].sort();
      const label = `${verb} ${resource}${group === "" ? "" : `.${group}`}`;
      if (names.has("")) kept = [];
      else if (kept.some((n) => GENERATED_SUFFIX.test(n))) {
        broaden(
          { verb, apiGroup: group, resource },
          label,
          `names look generated (${kept.join(", ")}): any name`,
        );
        kept = [];
      } else if (kept.length > options.maxResourceNames) {
        broaden(
          { verb, apiGroup: group, resource },
          label,
          `${kept.length} distinct names, more than ${options.maxResourceNames}: any name`,
        );
        kept = [];
      }
      const namesKey = kept.join("\u0000");
      byNames.set(namesKey, [...(byNames.get(namesKey) ?? []), verb]);
    }
    for (const namesKey of [...byNames.keys()].sort()) {
      const names = namesKey === "" ? [] : namesKey.split("\u0000");
      rules.push({
        apiGroups: [group],
        resources: [resource],
        verbs: [...(byNames.get(namesKey) ?? [])].sort(),
        ...(names.length === 0 ? {} : { resourceNames: names }),
      });
    }
  }
  // Paths with the same verbs share one rule.
  const byVerbs = new Map<string, string[]>();
  for (const [path, verbs] of urls) {
    const verbsKey = [...verbs].sort().join(",");
    byVerbs.set(verbsKey, [...(byVerbs.get(verbsKey) ?? []), path]);
  }
  for (const verbsKey of [...byVerbs.keys()].sort()) {
    rules.push({
      apiGroups: [],
      resources: [],
      verbs: verbsKey.split(","),
      nonResourceURLs: [...(byVerbs.get(verbsKey) ?? [])].sort(),
    });
  }
  return rules.map(compact);
}

function compact(rule: Rule): Rule {
  return rule.nonResourceURLs === undefined
    ? rule
    : ({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs } as unknown as Rule);
}
