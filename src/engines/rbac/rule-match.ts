import type { NonResourceAttributes, PolicyRule, Request, ResourceAttributes } from "./types.ts";

// The matching functions of the kube-apiserver's RBAC authorizer (rbac.go RuleAllows and the
// rbac/v1 evaluation helpers), rewritten one predicate at a time.

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((candidate) => candidate === "*" || candidate === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((candidate) => candidate === "*" || candidate === group);
}

/**
 * `combined` is `resource/subresource`. `*` matches everything; `*\/sub` matches any resource's
 * `sub`; `pods/*` is NOT a wildcard (it only matches a subresource literally named `*`).
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return rule.resources.some(
    (candidate) =>
      candidate === "*" ||
      candidate === combined ||
      (subresource !== "" && candidate === `*/${subresource}`),
  );
}

/** No resourceNames means any name; otherwise the request must name one of them exactly. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(name);
}

/** `*` matches all; a trailing `*` (any number of them) makes the rest a prefix. */
export function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some((candidate) => {
    if (candidate === "*" || candidate === path) return true;
    if (!candidate.endsWith("*")) return false;
    return path.startsWith(candidate.replace(/\*+$/, ""));
  });
}

export function resourceRuleAllows(rule: PolicyRule, request: ResourceAttributes): boolean {
  const combined =
    request.subresource === "" ? request.resource : `${request.resource}/${request.subresource}`;
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, combined, request.subresource) &&
    resourceNameMatches(rule, request.name)
  );
}

export function nonResourceRuleAllows(rule: PolicyRule, request: NonResourceAttributes): boolean {
  return verbMatches(rule, request.verb) && nonResourceUrlMatches(rule, request.path);
}

export function ruleAllows(rule: PolicyRule, request: Request): boolean {
  return request.kind === "resource"
    ? resourceRuleAllows(rule, request)
    : nonResourceRuleAllows(rule, request);
}
