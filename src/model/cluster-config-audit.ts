// The kube-apiserver audit policy (audit.k8s.io/v1 Policy) and which level it gives a request.
// Matching follows the apiserver's policy checker: rules are tried in order, the first rule
// that matches decides, and a request no rule matches is not logged (level None).
import { arrayAt, objectsAt, stringAt, stringsAt, type JsonObject } from "./fields.ts";
import type { KubeObject, ObjectRef } from "./kube-object.ts";

export const AUDIT_LEVELS = ["None", "Metadata", "Request", "RequestResponse"] as const;
export type AuditLevel = (typeof AUDIT_LEVELS)[number];

export interface AuditGroupResources {
  readonly group: string;
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

export interface AuditRule {
  /** 0-based position in `rules`, as findings cite it. */
  readonly index: number;
  readonly level: AuditLevel;
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
  readonly verbs: readonly string[];
  readonly namespaces: readonly string[];
  readonly resources: readonly AuditGroupResources[];
  readonly nonResourceURLs: readonly string[];
}

export interface AuditPolicy {
  readonly source: ObjectRef;
  readonly rules: readonly AuditRule[];
  /** Reasons the apiserver would reject the policy; a rejected policy logs nothing. */
  readonly problems: readonly string[];
}

export function parseAuditPolicy(object: KubeObject, source: ObjectRef): AuditPolicy {
  const problems: string[] = [];
  const rules: AuditRule[] = [];
  objectsAt(object, "rules").forEach((rule, index) => {
    const level = stringAt(rule, "level");
    if (!isAuditLevel(level)) {
      problems.push(
        `rules[${index}]: level ${JSON.stringify(level)} is not one of ${AUDIT_LEVELS.join(", ")}`,
      );
      return;
    }
    const nonResourceURLs = stringsAt(rule, "nonResourceURLs");
    if (
      nonResourceURLs.length > 0 &&
      (arrayAt(rule, "resources").length > 0 || arrayAt(rule, "namespaces").length > 0)
    ) {
      problems.push(`rules[${index}]: rules cannot apply to both resources and non-resource URLs`);
      return;
    }
    rules.push({
      index,
      level,
      users: stringsAt(rule, "users"),
      userGroups: stringsAt(rule, "userGroups"),
      verbs: stringsAt(rule, "verbs"),
      namespaces: stringsAt(rule, "namespaces"),
      resources: objectsAt(rule, "resources").map(groupResourcesOf),
      nonResourceURLs,
    });
  });
  return { source, rules, problems };
}

function groupResourcesOf(entry: JsonObject): AuditGroupResources {
  return {
    group: stringAt(entry, "group") ?? "",
    resources: stringsAt(entry, "resources"),
    resourceNames: stringsAt(entry, "resourceNames"),
  };
}

function isAuditLevel(value: string | undefined): value is AuditLevel {
  return (AUDIT_LEVELS as readonly (string | undefined)[]).includes(value);
}

/** A resource request as the policy sees it; user, namespace and object name left open. */
export interface AuditRequest {
  readonly verb: string;
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
}

/** One level a request can get, from which rule, and for which users, namespaces or names. */
export interface AuditOutcome {
  readonly level: AuditLevel;
  /** The deciding rule's index; undefined when no rule matches (the default, None). */
  readonly rule: number | undefined;
  /** Restrictions of the rule (`users: a, b`); empty when it applies to every such request. */
  readonly conditions: readonly string[];
}

/**
 * Every level a request can get under the policy. A rule restricted to some users, groups,
 * namespaces or object names decides only for those; the walk continues for everyone else
 * until a rule without such restrictions (or the end: None).
 */
export function auditOutcomes(policy: AuditPolicy, request: AuditRequest): readonly AuditOutcome[] {
  const outcomes: AuditOutcome[] = [];
  for (const rule of policy.rules) {
    if (rule.verbs.length > 0 && !rule.verbs.includes(request.verb)) continue;
    const byResource = resourceMatch(rule, request);
    if (byResource === undefined) continue;
    const conditions = [
      ...(rule.users.length > 0 ? [`users: ${rule.users.join(", ")}`] : []),
      ...(rule.userGroups.length > 0 ? [`userGroups: ${rule.userGroups.join(", ")}`] : []),
      ...(rule.namespaces.length > 0 ? [`namespaces: ${rule.namespaces.join(", ")}`] : []),
      ...byResource,
    ];
    outcomes.push({ level: rule.level, rule: rule.index, conditions });
    if (conditions.length === 0) return outcomes;
  }
  outcomes.push({ level: "None", rule: undefined, conditions: [] });
  return outcomes;
}

/** undefined: the rule never matches the request; otherwise the name restrictions it adds. */
function resourceMatch(rule: AuditRule, request: AuditRequest): readonly string[] | undefined {
  // A rule naming only URLs applies to non-resource requests (/healthz, /metrics) only.
  if (rule.namespaces.length === 0 && rule.resources.length === 0) {
    return rule.nonResourceURLs.length > 0 ? undefined : [];
  }
  if (rule.resources.length === 0) return [];
  const combined =
    request.subresource === undefined
      ? request.resource
      : `${request.resource}/${request.subresource}`;
  let named: string[] | undefined;
  for (const entry of rule.resources) {
    if (entry.group !== request.group) continue;
    if (entry.resources.length === 0) return [];
    const matches = entry.resources.some(
      (resource) =>
        resource === combined ||
        resource === "*" ||
        (request.subresource !== undefined && resource === `*/${request.subresource}`) ||
        (resource.endsWith("/*") && resource.slice(0, -2) === request.resource),
    );
    if (!matches) continue;
    if (entry.resourceNames.length === 0) return [];
    named = [...(named ?? []), ...entry.resourceNames];
  }
  if (named !== undefined) return [`resourceNames: ${named.join(", ")}`];
  return undefined;
}

/** A request whose level under a policy is not the one a control asks for. */
export interface AuditGap {
  readonly request: AuditRequest;
  readonly outcome: AuditOutcome;
}

/** Every request of `requests` that can get a level `isRight` rejects, with the deciding rule. */
export function auditGaps(
  policy: AuditPolicy,
  requests: readonly AuditRequest[],
  isRight: (level: AuditLevel) => boolean,
): readonly AuditGap[] {
  return requests.flatMap((request) =>
    auditOutcomes(policy, request)
      .filter((outcome) => !isRight(outcome.level))
      .map((outcome) => ({ request, outcome })),
  );
}

/** Requests of every verb on the given resources (`pods/exec`, `secrets`), for one API group. */
export function auditRequests(
  group: string,
  resources: readonly string[],
  verbs: readonly string[],
): readonly AuditRequest[] {
  return resources.flatMap((combined) => {
    const [resource = "", subresource] = combined.split("/");
    return verbs.map((verb) => ({
      verb,
      group,
      resource,
      ...(subresource === undefined ? {} : { subresource }),
    }));
  });
}

/** Gaps grouped by deciding rule and level, one line each: what a finding shows. */
export function describeGaps(gaps: readonly AuditGap[]): readonly string[] {
  const lines = new Map<string, { verbs: Set<string>; resources: Set<string> }>();
  for (const { request, outcome } of gaps) {
    const by = outcome.rule === undefined ? "no rule matches" : `rules[${outcome.rule}]`;
    const key = `${outcome.level} (${by}${outcome.conditions.length === 0 ? "" : `, for ${outcome.conditions.join("; ")}`})`;
    const line = lines.get(key) ?? { verbs: new Set(), resources: new Set() };
    line.verbs.add(request.verb);
    const resource =
      request.subresource === undefined
        ? request.resource
        : `${request.resource}/${request.subresource}`;
    line.resources.add(request.group === "" ? resource : `${resource}.${request.group}`);
    lines.set(key, line);
  }
  return [...lines].map(
    ([key, line]) => `${[...line.verbs].join(",")} ${[...line.resources].join(",")}: ${key}`,
  );
}
