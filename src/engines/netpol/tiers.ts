import { matchesSelector } from "../label-selector.ts";
import type { AdminAction, AdminPeer, AdminPolicy, AdminRule } from "./admin-policies.ts";
import {
  ALL_CONNS,
  intersectConns,
  isEmptyConns,
  NO_CONNS,
  subtractConns,
  unionConns,
  type ConnSet,
} from "./conn-set.ts";
import { ipBlockAddresses, rulePorts, type MatchContext } from "./direct.ts";
import { labelsOfNamespace } from "./endpoints.ts";
import { cidrContains } from "./ip.ts";
import type { Direction, Endpoint, NodeEndpoint } from "./model.ts";

/** An admin or baseline rule that decided some connections, and which ones. */
export interface TierDecision {
  readonly policy: string;
  readonly direction: Direction;
  readonly rule: number;
  readonly name: string;
  readonly action: AdminAction;
  /** The connections this rule decided (what earlier rules left undecided). */
  readonly conns: ConnSet;
}

export interface TierContext extends MatchContext {
  readonly nodesByName: ReadonlyMap<string, NodeEndpoint>;
}

export interface TieredResult {
  readonly conns: ConnSet;
  readonly admin: readonly TierDecision[];
  readonly baseline: readonly TierDecision[];
}

/**
 * The three tiers, per direction: admin rules in priority then rule order (first match wins;
 * Pass hands the connection to NetworkPolicy), then NetworkPolicy if it isolates the subject,
 * else baseline rules, else the default allow.
 */
export function applyTiers(
  context: TierContext,
  policies: readonly AdminPolicy[],
  direction: Direction,
  subject: Endpoint,
  peer: Endpoint,
  destination: Endpoint,
  networkPolicy: { readonly isolated: boolean; readonly conns: ConnSet },
): TieredResult {
  if (subject.kind !== "pod" || subject.hostNetwork) {
    return { conns: networkPolicy.conns, admin: [], baseline: [] };
  }
  const applying = policies.filter((policy) => subjectMatches(context, policy, subject));
  const admin: TierDecision[] = [];
  let undecided = ALL_CONNS;
  let passed = NO_CONNS;
  let allowed = NO_CONNS;
  for (const policy of applying.filter((p) => p.tier === "admin")) {
    for (const rule of policy[direction]) {
      const decided = decide(context, policy, rule, direction, peer, destination, undecided);
      if (decided === undefined) continue;
      admin.push(decided);
      if (decided.action === "Allow") allowed = unionConns(allowed, decided.conns);
      if (decided.action === "Pass") passed = unionConns(passed, decided.conns);
      undecided = subtractConns(undecided, decided.conns);
    }
  }
  let remaining = unionConns(undecided, passed);
  const baseline: TierDecision[] = [];
  if (networkPolicy.isolated) {
    allowed = unionConns(allowed, intersectConns(remaining, networkPolicy.conns));
    return { conns: allowed, admin, baseline };
  }
  for (const policy of applying.filter((p) => p.tier === "baseline")) {
    for (const rule of policy[direction]) {
      const decided = decide(context, policy, rule, direction, peer, destination, remaining);
      if (decided === undefined) continue;
      baseline.push(decided);
      if (decided.action === "Allow") allowed = unionConns(allowed, decided.conns);
      remaining = subtractConns(remaining, decided.conns);
    }
  }
  return { conns: unionConns(allowed, remaining), admin, baseline };
}

function decide(
  context: TierContext,
  policy: AdminPolicy,
  rule: AdminRule,
  direction: Direction,
  peer: Endpoint,
  destination: Endpoint,
  open: ConnSet,
): TierDecision | undefined {
  if (isEmptyConns(open) || !rule.peers.some((p) => adminPeerMatches(context, p, peer))) {
    return undefined;
  }
  const conns = intersectConns(
    open,
    rulePorts({ index: rule.index, peers: undefined, ports: rule.ports }, destination),
  );
  if (isEmptyConns(conns)) return undefined;
  return {
    policy: policy.label,
    direction,
    rule: rule.index,
    name: rule.name,
    action: rule.action,
    conns,
  };
}

function subjectMatches(context: TierContext, policy: AdminPolicy, pod: Endpoint): boolean {
  if (pod.kind !== "pod" || pod.hostNetwork) return false;
  return (
    matchesSelector(
      policy.subject.namespaces,
      labelsOfNamespace(context.namespaceLabels, pod.namespace),
    ) && matchesSelector(policy.subject.pods, pod.labels)
  );
}

/** Pods peers see pod-network pods; nodes peers see nodes and hostNetwork pods on them. */
export function adminPeerMatches(
  context: TierContext,
  peer: AdminPeer,
  endpoint: Endpoint,
): boolean {
  switch (peer.kind) {
    case "pods":
      return (
        endpoint.kind === "pod" &&
        !endpoint.hostNetwork &&
        matchesSelector(
          peer.namespaces,
          labelsOfNamespace(context.namespaceLabels, endpoint.namespace),
        ) &&
        matchesSelector(peer.pods, endpoint.labels)
      );
    case "nodes": {
      const node =
        endpoint.kind === "node"
          ? endpoint
          : endpoint.kind === "pod" && endpoint.hostNetwork && endpoint.nodeName !== undefined
            ? context.nodesByName.get(endpoint.nodeName)
            : undefined;
      return node !== undefined && matchesSelector(peer.nodes, node.labels);
    }
    case "networks":
      return ipBlockAddresses(context, endpoint).some((ip) =>
        peer.cidrs.some((cidr) => cidrContains(cidr, ip)),
      );
  }
}
