import { matchesSelector } from "../label-selector.ts";
import type { PolicyRule, RbacRole, RoleRule } from "./types.ts";

/**
 * Resolves `aggregationRule`s as the clusterrole-aggregation controller does: an aggregated
 * ClusterRole's rules are replaced by the rules of every other ClusterRole its selectors match
 * (selectors in order, matches sorted by name, semantically equal rules once). Aggregations may
 * nest (admin selects edit, which is itself aggregated), so we iterate to the fixpoint, starting
 * aggregated roles empty: the controller overwrites whatever rules a manifest gives them.
 */
export function resolveAggregation(roles: readonly RbacRole[]): RbacRole[] {
  const clusterRoles = roles
    .filter((role) => role.kind === "ClusterRole")
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const aggregated = clusterRoles.filter((role) => role.aggregationSelectors !== undefined);
  if (aggregated.length === 0) return [...roles];
  const current = new Map<string, readonly RoleRule[]>();
  for (const role of clusterRoles) {
    current.set(role.name, role.aggregationSelectors === undefined ? role.rules : []);
  }
  for (let round = 0; round <= aggregated.length + 1; round++) {
    let changed = false;
    for (const role of aggregated) {
      const next = aggregate(role, clusterRoles, current);
      if (next.length !== (current.get(role.name) ?? []).length) changed = true;
      current.set(role.name, next);
    }
    if (!changed) break;
  }
  return roles.map((role) =>
    role.kind === "ClusterRole" && role.aggregationSelectors !== undefined
      ? { ...role, rules: current.get(role.name) ?? [] }
      : role,
  );
}

function aggregate(
  role: RbacRole,
  clusterRoles: readonly RbacRole[],
  current: ReadonlyMap<string, readonly RoleRule[]>,
): RoleRule[] {
  const rules: RoleRule[] = [];
  const keys = new Set<string>();
  for (const selector of role.aggregationSelectors ?? []) {
    for (const source of clusterRoles) {
      if (source.name === role.name || !matchesSelector(selector, source.labels)) continue;
      for (const { rule, aggregatedFrom } of current.get(source.name) ?? []) {
        const key = ruleKey(rule);
        if (keys.has(key)) continue;
        keys.add(key);
        rules.push({ rule, index: rules.length, aggregatedFrom: aggregatedFrom ?? source.name });
      }
    }
  }
  return rules;
}

/** Semantic equality of rules: same lists in the same order (absent and empty are equal). */
export function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([
    rule.verbs,
    rule.apiGroups,
    rule.resources,
    rule.resourceNames,
    rule.nonResourceURLs,
  ]);
}
