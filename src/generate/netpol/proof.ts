import {
  connsOf,
  formatConns,
  hasConn,
  isEmptyConns,
  NO_CONNS,
  subtractConns,
  unionConns,
  type ConnSet,
} from "../../engines/netpol/conn-set.ts";
import type { NetpolEngine } from "../../engines/netpol/engine.ts";
import { matchesSelector } from "../../engines/label-selector.ts";
import type { Endpoint, PodEndpoint } from "../../engines/netpol/model.ts";
import type { Edge, EdgePeer } from "./edges.ts";
import type { GroupIndex, WorkloadGroup } from "./identity.ts";
import { isDnsEdge, type DnsTarget } from "./plan.ts";

export interface ProofFailure {
  readonly connection: string;
  readonly where: string;
  readonly reason: string;
}

export interface ConnectionChange {
  readonly from: string;
  readonly to: string;
  readonly conns: string;
}

/** What the engine says of the generated set together with the existing policies. */
export interface NetpolProof {
  /** Connections the engine judged: each observed or declared connection, once. */
  readonly checked: number;
  /** Connections the result does not allow: each one is an error. */
  readonly failures: readonly ProofFailure[];
  /** Connections that could not be judged (a peer with no pod in the input), and why. */
  readonly unchecked: readonly ProofFailure[];
  /** Allowed after, beyond every observed or declared connection and DNS: pairs touching scope. */
  readonly residual: readonly ConnectionChange[];
  /** Allowed before and no longer: the connectivity diff's other half. */
  readonly removed: readonly ConnectionChange[];
}

export function describeEdge(edge: Edge): string {
  return `${peerName(edge.src)} -> ${peerName(edge.dst)} ${edge.protocol}/${edge.port}`;
}

export function peerName(peer: EdgePeer): string {
  switch (peer.kind) {
    case "group":
      return `${peer.group.namespace}/${peer.group.name}`;
    case "pods":
      return `${peer.namespace}/{${Object.entries(peer.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",")}}`;
    case "cidr":
      return peer.cidr;
  }
}

export interface ProofInput {
  readonly before: NetpolEngine;
  readonly after: NetpolEngine;
  readonly groups: GroupIndex;
  readonly edges: readonly Edge[];
  readonly scope: ReadonlySet<string>;
  readonly dns: DnsTarget | undefined;
  /** Why the engine cannot judge an edge under this target (toFQDNs, L7 policy), if it cannot. */
  readonly uncheckable?: (edge: Edge) => string | undefined;
}

export function proveNetpol(input: ProofInput): NetpolProof {
  const { after, before, groups, edges, scope, dns } = input;
  const failures: ProofFailure[] = [];
  const unchecked: ProofFailure[] = [];
  // By source and destination group: `from.id * groups + to.id`.
  const observed = new Map<number, ConnSet>();
  const judged = new Set<string>();
  for (const edge of edges) {
    const connection = describeEdge(edge);
    const from = endpointOf(after, edge.src);
    const to = endpointOf(after, edge.dst);
    // Pod indexes are the same in both engines: the inventories differ only in policies.
    const fromGroup = from?.kind === "pod" ? groups.groupOf(from) : undefined;
    const toGroup = to?.kind === "pod" ? groups.groupOf(to) : undefined;
    if (fromGroup !== undefined && toGroup !== undefined) {
      const key = fromGroup.id * groups.groups.length + toGroup.id;
      observed.set(
        key,
        unionConns(observed.get(key) ?? NO_CONNS, connsOf(edge.protocol, edge.port, edge.port)),
      );
    }
    if (judged.has(connection)) continue;
    judged.add(connection);
    const why = input.uncheckable?.(edge);
    if (why !== undefined) {
      unchecked.push({ connection, where: edge.where, reason: why });
      continue;
    }
    if (from === undefined || to === undefined) {
      unchecked.push({
        connection,
        where: edge.where,
        reason: `no pod matches ${peerName(from === undefined ? edge.src : edge.dst)} in the input`,
      });
      continue;
    }
    const verdict = after.canReach(from, to, edge.port, edge.protocol);
    if (!verdict.allowed) {
      const side = hasConn(verdict.egress.conns, edge.protocol, edge.port) ? "ingress" : "egress";
      failures.push({
        connection,
        where: edge.where,
        reason: `denied (${side} of ${side === "egress" ? verdict.from : verdict.to}; policies: ${verdict[side].policies.join(", ") || "none"})`,
      });
    }
  }
  const dnsConns = unionConns(connsOf("UDP", 53, 53), connsOf("TCP", 53, 53));
  const residual: ConnectionChange[] = [];
  const removed: ConnectionChange[] = [];
  // Representatives found once per group: the pair loop below is quadratic.
  const firsts = (engine: NetpolEngine, at: number) =>
    groups.groups.map((group) => representative(engine, group, at));
  const [afterFirst, afterSecond, beforeFirst, beforeSecond] = [
    firsts(after, 0),
    firsts(after, 1),
    firsts(before, 0),
    firsts(before, 1),
  ];
  const isDns = groups.groups.map((group) => isDnsGroup(group, dns));
  // Pods of a class answer alike: ask the engine's class matrix directly, by class id.
  const classOf = (engine: NetpolEngine, pod: PodEndpoint) =>
    engine.classIndex.classOf[pod.index] ?? 0;
  const text = new Map<ConnSet, string>();
  const format = (conns: ConnSet): string => {
    let found = text.get(conns);
    if (found === undefined) {
      found = formatConns(conns);
      text.set(conns, found);
    }
    return found;
  };
  const count = groups.groups.length;
  for (const a of groups.groups) {
    const fromAfter = afterFirst[a.id];
    const fromBefore = beforeFirst[a.id];
    if (fromAfter === undefined || fromBefore === undefined) continue;
    const fromAfterClass = classOf(after, fromAfter);
    const fromBeforeClass = classOf(before, fromBefore);
    for (const b of groups.groups) {
      if (!scope.has(a.namespace) && !scope.has(b.namespace)) continue;
      // Within a group, a pod reaching another replica (a bare pod always reaches itself).
      const same = a === b;
      const toAfter = (same ? afterSecond : afterFirst)[b.id];
      const toBefore = (same ? beforeSecond : beforeFirst)[b.id];
      if (toAfter === undefined || toBefore === undefined) continue;
      if (same && fromAfter.isBarePod && a.endpoints.length === 1) continue;
      // The same pod on both ends is the engine's to judge (a bare pod reaches itself).
      const now = same
        ? after.allowedConns(fromAfter, toAfter)
        : after.classConns(fromAfterClass, classOf(after, toAfter));
      const was = same
        ? before.allowedConns(fromBefore, toBefore)
        : before.classConns(fromBeforeClass, classOf(before, toBefore));
      let extra = subtractConns(now, observed.get(a.id * count + b.id) ?? NO_CONNS);
      if (isDns[b.id] === true) extra = subtractConns(extra, dnsConns);
      const gone = subtractConns(was, now);
      if (isEmptyConns(extra) && isEmptyConns(gone)) continue;
      const from = `${a.namespace}/${a.name}`;
      const to = `${b.namespace}/${b.name}`;
      if (!isEmptyConns(extra)) residual.push({ from, to, conns: format(extra) });
      if (!isEmptyConns(gone)) removed.push({ from, to, conns: format(gone) });
    }
  }
  return { checked: judged.size - unchecked.length, failures, unchecked, residual, removed };
}

function isDnsGroup(group: WorkloadGroup, dns: DnsTarget | undefined): boolean {
  return isDnsEdge(
    {
      src: { kind: "group", group },
      dst: { kind: "group", group },
      port: 53,
      protocol: "UDP",
      dnsNames: [],
      origin: "flow",
      where: "",
    },
    dns,
  );
}

/** The group's first pod in the other engine: the inventories differ only in policies. */
function representative(
  engine: NetpolEngine,
  group: WorkloadGroup,
  at = 0,
): PodEndpoint | undefined {
  const first = group.endpoints[at] ?? group.endpoints[0];
  if (first === undefined) return undefined;
  // By index, not by name: a workload and a bare Pod may share a name.
  const same = engine.pods[first.index];
  return same?.namespace === first.namespace && same.name === first.name
    ? same
    : engine.findPod(first.namespace, first.name);
}

function endpointOf(engine: NetpolEngine, peer: EdgePeer): Endpoint | undefined {
  switch (peer.kind) {
    case "group":
      return representative(engine, peer.group);
    case "cidr":
      return engine.endpointForIp(peer.ip);
    case "pods":
      return engine.pods.find(
        (pod) =>
          pod.namespace === peer.namespace &&
          !pod.hostNetwork &&
          matchesSelector({ matchLabels: peer.labels, matchExpressions: [] }, pod.labels),
      );
  }
}
