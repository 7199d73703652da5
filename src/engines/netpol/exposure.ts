import { NO_CONNS, unionConns, type ConnSet } from "./conn-set.ts";
import { rulePorts } from "./direct.ts";
import type { NetpolEngine } from "./engine.ts";
import { parseCidr, type Cidr } from "./ip.ts";
import type { Direction, IpEndpoint, Peer, PodEndpoint } from "./model.ts";

// Named ports resolve on pods only: an external destination never matches one.
const OUTSIDER: IpEndpoint = { kind: "ip", ip: { v6: false, value: 0 }, text: "outside" };

/** Addresses that are not on the internet: RFC 1918, CGNAT, loopback, link-local, ULA, ... */
const NON_PUBLIC = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "224.0.0.0/3",
  "::/127",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
].flatMap((text) => parseCidr(text) ?? []);

/** Which addresses count: any address a rule names, or only public (internet) ones. */
export type ExposureRange = "any-address" | "internet";

export interface Exposure {
  readonly exposed: boolean;
  /** Why: `not isolated for ingress`, `hostNetwork`, or the rules (`ns/policy ingress[0]`). */
  readonly reasons: readonly string[];
  readonly conns: ConnSet;
}

/**
 * Whether a pod accepts connections from (ingress) or may open connections to (egress) some
 * address outside the cluster's pods, and which rules allow it.
 */
export function externalExposure(
  engine: NetpolEngine,
  pod: PodEndpoint,
  direction: Direction,
  range: ExposureRange,
): Exposure {
  if (pod.hostNetwork) {
    return {
      exposed: true,
      reasons: ["hostNetwork: NetworkPolicy does not apply"],
      conns: NO_CONNS,
    };
  }
  const policies = engine.policiesFor(pod, direction);
  if (policies.length === 0) {
    return { exposed: true, reasons: [`not isolated for ${direction}`], conns: NO_CONNS };
  }
  const reasons: string[] = [];
  let conns = NO_CONNS;
  for (const policy of policies) {
    for (const rule of policy[direction] ?? []) {
      const open =
        rule.peers === undefined || rule.peers.some((peer) => admitsOutside(peer, range));
      if (!open) continue;
      const ruleConns = rulePorts(rule, direction === "ingress" ? pod : OUTSIDER);
      reasons.push(`${policy.namespace}/${policy.name} ${direction}[${rule.index}]`);
      conns = unionConns(conns, ruleConns);
    }
  }
  return { exposed: reasons.length > 0, reasons, conns };
}

function admitsOutside(peer: Peer, range: ExposureRange): boolean {
  if (peer.kind !== "ipBlock") return false;
  const holes = [...peer.except, ...(range === "internet" ? NON_PUBLIC : [])];
  return !covered(peer.cidr, holes);
}

/** Whether the union of `holes` covers every address of `cidr`. */
function covered(cidr: Cidr, holes: readonly Cidr[]): boolean {
  const [lo, hi] = bounds(cidr);
  const spans = holes
    .filter((hole) => hole.v6 === cidr.v6)
    .map(bounds)
    .filter(([holeLo, holeHi]) => holeHi >= lo && holeLo <= hi)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let next = lo;
  for (const [holeLo, holeHi] of spans) {
    if (holeLo > next) return false;
    if (holeHi + 1n > next) next = holeHi + 1n;
    if (next > hi) return true;
  }
  return next > hi;
}

function bounds(cidr: Cidr): [bigint, bigint] {
  if (!cidr.v6) {
    const lo = BigInt(cidr.base) * BigInt(cidr.size);
    return [lo, lo + BigInt(cidr.size) - 1n];
  }
  const lo = cidr.base << cidr.shift;
  return [lo, lo + (1n << cidr.shift) - 1n];
}
