import { matchesSelector } from "../label-selector.ts";
import { ALL_CONNS, connsOf, NO_CONNS, unionConns, type ConnSet } from "./conn-set.ts";
import { labelsOfNamespace } from "./endpoints.ts";
import { cidrContains, type IpAddress } from "./ip.ts";
import type { Endpoint, Peer, PolicyRule } from "./model.ts";

// Rule-level semantics shared by the fast paths and the explanations.

export interface MatchContext {
  readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Whether ipBlock peers match pod IPs (upstream conformance: yes; Cilium: no). */
  readonly ipBlockMatchesPodIps: boolean;
}

/** The addresses an ipBlock may see for an endpoint. */
export function ipBlockAddresses(context: MatchContext, endpoint: Endpoint): readonly IpAddress[] {
  switch (endpoint.kind) {
    case "ip":
      return [endpoint.ip];
    case "node":
      return endpoint.ips;
    case "pod":
      // A hostNetwork pod's traffic is its node's traffic, always matched by address.
      return endpoint.hostNetwork || context.ipBlockMatchesPodIps ? endpoint.ips : [];
  }
}

export function ipBlockMatches(
  peer: Extract<Peer, { kind: "ipBlock" }>,
  addresses: readonly IpAddress[],
): boolean {
  return addresses.some(
    (ip) => cidrContains(peer.cidr, ip) && !peer.except.some((except) => cidrContains(except, ip)),
  );
}

/** Whether a peer of a policy in `policyNamespace` matches an endpoint. */
export function peerMatches(
  context: MatchContext,
  peer: Peer,
  policyNamespace: string,
  endpoint: Endpoint,
): boolean {
  if (peer.kind === "ipBlock") return ipBlockMatches(peer, ipBlockAddresses(context, endpoint));
  // Selectors see pod-network pods only: nodes, addresses and hostNetwork pods never match.
  if (endpoint.kind !== "pod" || endpoint.hostNetwork) return false;
  const namespaceOk =
    peer.namespaces === undefined
      ? endpoint.namespace === policyNamespace
      : matchesSelector(
          peer.namespaces,
          labelsOfNamespace(context.namespaceLabels, endpoint.namespace),
        );
  return namespaceOk && matchesSelector(peer.pods, endpoint.labels);
}

export function ruleMatchesPeer(
  context: MatchContext,
  rule: PolicyRule,
  policyNamespace: string,
  endpoint: Endpoint,
): boolean {
  return (
    rule.peers === undefined ||
    rule.peers.some((peer) => peerMatches(context, peer, policyNamespace, endpoint))
  );
}

/** The connections a rule's `ports` allow towards a destination (named ports resolve on it). */
export function rulePorts(rule: PolicyRule, destination: Endpoint): ConnSet {
  if (rule.ports === undefined) return ALL_CONNS;
  let conns = NO_CONNS;
  for (const spec of rule.ports) {
    if (spec.port === undefined) {
      conns = unionConns(conns, connsOf(spec.protocol));
    } else if (typeof spec.port === "number") {
      conns = unionConns(conns, connsOf(spec.protocol, spec.port, spec.endPort ?? spec.port));
    } else if (destination.kind === "pod" && !destination.hostNetwork) {
      for (const named of destination.namedPorts) {
        if (named.name === spec.port && named.protocol === spec.protocol) {
          conns = unionConns(conns, connsOf(spec.protocol, named.port, named.port));
        }
      }
    }
  }
  return conns;
}

/** Whether a rule's ports need the destination (named ports) or are the same for every one. */
export function hasNamedPorts(rule: PolicyRule): boolean {
  return rule.ports?.some((spec) => typeof spec.port === "string") ?? false;
}
