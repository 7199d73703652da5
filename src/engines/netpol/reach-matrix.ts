import { matchesSelector } from "../label-selector.ts";
import { fullBitset, orInto, setBit, transpose32, wordsFor } from "./bitset.ts";
import type { ClassIndex, PodClass } from "./classes.ts";
import { connProbes, type ConnProbe } from "./conn-atoms.ts";
import { hasConn, isEmptyConns, type ConnSet } from "./conn-set.ts";
import { hasNamedPorts, peerMatches, rulePorts, type MatchContext } from "./direct.ts";
import { labelsOfNamespace } from "./endpoints.ts";
import type { CompiledNetworkPolicy, Direction, Peer, PolicyRule } from "./model.ts";

/**
 * Which class reaches which, as a bit matrix over classes laid out by namespace (namespaces in
 * sorted order), so that "some pod of namespace n" is a contiguous run of bits.
 */
export interface ReachMatrix {
  readonly size: number;
  /** Words per row. */
  readonly words: number;
  /** Row `s` at `s * words`: bit `t` is set when the class at position `s` reaches the one at `t`. */
  readonly bits: Uint32Array;
  /** The class id at each position, and the position of each class id. */
  readonly classAt: Int32Array;
  readonly positionOf: Int32Array;
  readonly namespaces: readonly string[];
  /** Namespace `n` holds positions `namespaceStart[n]` to `namespaceStart[n + 1] - 1`. */
  readonly namespaceStart: Int32Array;
  /** The namespace index of each position. */
  readonly namespaceAt: Int32Array;
}

/** Connections a rule allows and the classes (positions) it allows them with; none: all. */
interface RulePart {
  readonly conns: ConnSet;
  readonly bits: Uint32Array | undefined;
}

/**
 * The reach matrix. With NetworkPolicy alone it is computed a probe connection at a time with
 * word operations: egress rows and ingress columns are unions of peer bitsets shared by the
 * classes isolated by the same policies, and the columns are transposed 32x32 bits at a time,
 * so the cost is about K^2/32 word operations per probe, not K^2 connection-set operations.
 * `pairwise` (the class rows) is used instead when other policy kinds decide pairs one by one.
 */
export function buildReachMatrix(
  index: ClassIndex,
  policies: readonly CompiledNetworkPolicy[],
  context: MatchContext,
  pairwise?: (classId: number) => readonly ConnSet[],
): ReachMatrix {
  const layout = layoutOf(index);
  const { size, words, classAt } = layout;
  const bits = new Uint32Array(size * words);
  const matrix = { ...layout, bits };
  if (pairwise !== undefined) {
    for (let s = 0; s < size; s += 1) {
      const row = pairwise(classAt[s] ?? 0);
      for (let t = 0; t < size; t += 1) {
        const conns = row[classAt[t] ?? 0];
        if (conns !== undefined && !isEmptyConns(conns)) setBit(bits, t, s * words);
      }
    }
    return matrix;
  }
  const rep = (position: number): PodClass => index.classes[classAt[position] ?? 0] as PodClass;
  const parts = ruleParts(index, policies, context, layout);
  const groups = (direction: Direction): Grouped => {
    const keys = new Map<string, number>();
    const groupAt = new Int32Array(size).fill(-1);
    const members: RulePart[][] = [];
    for (let position = 0; position < size; position += 1) {
      const podClass = rep(position);
      const ids = podClass[direction];
      if (ids.length === 0) continue;
      // Ingress named ports resolve on the subject itself: its ports join the key.
      const key = `${ids.join(",")}|${direction === "ingress" ? portsKey(podClass) : ""}`;
      let group = keys.get(key);
      if (group === undefined) {
        group = members.length;
        keys.set(key, group);
        members.push(
          ids.flatMap((id) => {
            const policy = policies[id];
            return (policy?.[direction] ?? []).flatMap((rule) =>
              policy === undefined ? [] : parts(policy, direction, rule, podClass),
            );
          }),
        );
      }
      groupAt[position] = group;
    }
    return { groupAt, members };
  };
  const egress = groups("egress");
  const ingress = groups("ingress");
  const probes = connProbes(
    [...egress.members, ...ingress.members].flatMap((list) => list.map((part) => part.conns)),
  );
  const ones = fullBitset(size);
  for (const probe of probes) {
    const rows = unionsFor(egress, probe, ones, words);
    const columns = unionsFor(ingress, probe, ones, words);
    accumulate(matrix, rows, columns);
  }
  return matrix;
}

interface Grouped {
  /** The group of each position, or -1 when the class is not isolated for the direction. */
  readonly groupAt: Int32Array;
  readonly members: readonly (readonly RulePart[])[];
}

/** Per position, the union of what its group's rules allow on the probe (all: not isolated). */
function unionsFor(
  grouped: Grouped,
  probe: ConnProbe,
  ones: Uint32Array,
  words: number,
): Uint32Array[] {
  const unions = grouped.members.map((parts) => {
    let union: Uint32Array | undefined;
    for (const part of parts) {
      if (!hasConn(part.conns, probe.protocol, probe.port)) continue;
      if (part.bits === undefined) return ones;
      union ??= new Uint32Array(words);
      orInto(union, part.bits);
    }
    return union ?? new Uint32Array(words);
  });
  return Array.from(grouped.groupAt, (group) => (group < 0 ? ones : (unions[group] ?? ones)));
}

/** ORs `rows[s] AND column^T[s]` into the matrix: s reaches t when both sides allow the probe. */
function accumulate(matrix: ReachMatrix, rows: Uint32Array[], columns: Uint32Array[]): void {
  const { size, words, bits } = matrix;
  const none = new Uint32Array(words);
  const block = new Uint32Array(32);
  const gathered: Uint32Array[] = new Array<Uint32Array>(32).fill(none);
  for (let b = 0; b < words; b += 1) {
    for (let j = 0; j < 32; j += 1) gathered[j] = columns[b * 32 + j] ?? none;
    for (let w = 0; w < words; w += 1) {
      let some = 0;
      let every = 0xffffffff;
      for (let j = 0; j < 32; j += 1) {
        const word = gathered[j]?.[w] ?? 0;
        block[j] = word;
        some |= word;
        every &= word;
      }
      if (some === 0) continue;
      // Now bit j of block[i] tells whether target 32b+j admits source 32w+i.
      if (every === -1) block.fill(0xffffffff);
      else transpose32(block);
      const last = Math.min(32, size - w * 32);
      for (let i = 0; i < last; i += 1) {
        const s = w * 32 + i;
        const allowed = (rows[s]?.[b] ?? 0) & (block[i] ?? 0);
        if (allowed !== 0) bits[s * words + b] = ((bits[s * words + b] ?? 0) | allowed) >>> 0;
      }
    }
  }
}

/** The rules' peers as bitsets over positions, split by the connections they allow there. */
function ruleParts(
  index: ClassIndex,
  policies: readonly CompiledNetworkPolicy[],
  context: MatchContext,
  layout: Layout,
): (
  policy: CompiledNetworkPolicy,
  direction: Direction,
  rule: PolicyRule,
  subject: PodClass,
) => readonly RulePart[] {
  const { size, words, classAt } = layout;
  const peerCache = new Map<string, Uint32Array>();
  const ruleCache = new Map<string, Uint32Array | undefined>();
  const partCache = new Map<string, readonly RulePart[]>();
  const rep = (position: number): PodClass => index.classes[classAt[position] ?? 0] as PodClass;

  const peerBits = (peer: Peer, namespace: string): Uint32Array => {
    const key =
      peer.kind === "ipBlock"
        ? `ip ${peer.cidr.text} ${peer.except.map((cidr) => cidr.text).join(" ")}`
        : `${peer.namespaces === undefined ? `=${namespace}` : JSON.stringify(peer.namespaces)} ${JSON.stringify(peer.pods)}`;
    let found = peerCache.get(key);
    if (found !== undefined) return found;
    found = new Uint32Array(words);
    for (const [at, name] of layout.namespaces.entries()) {
      // Selectors rule out whole namespaces first: most peers name one or a few.
      if (peer.kind === "pods") {
        const wanted =
          peer.namespaces === undefined
            ? name === namespace
            : matchesSelector(peer.namespaces, labelsOfNamespace(context.namespaceLabels, name));
        if (!wanted) continue;
      }
      const end = layout.namespaceStart[at + 1] ?? size;
      for (let position = layout.namespaceStart[at] ?? 0; position < end; position += 1) {
        if (peerMatches(context, peer, namespace, rep(position).representative)) {
          setBit(found, position);
        }
      }
    }
    peerCache.set(key, found);
    return found;
  };

  const ruleBits = (policy: CompiledNetworkPolicy, direction: Direction, rule: PolicyRule) => {
    const key = `${policy.id} ${direction} ${rule.index}`;
    if (ruleCache.has(key)) return ruleCache.get(key);
    let found: Uint32Array | undefined;
    if (rule.peers !== undefined) {
      found = new Uint32Array(words);
      for (const peer of rule.peers) orInto(found, peerBits(peer, policy.namespace));
    }
    ruleCache.set(key, found);
    return found;
  };

  return (policy, direction, rule, subject) => {
    const peers = ruleBits(policy, direction, rule);
    // Ports resolve on the destination: the subject for ingress, each peer for egress.
    if (direction === "ingress" || !hasNamedPorts(rule)) {
      const destination = direction === "ingress" ? subject : rep(0);
      return [{ conns: rulePorts(rule, destination.representative), bits: peers }];
    }
    const key = `${policy.id} ${rule.index}`;
    let found = partCache.get(key);
    if (found === undefined) {
      const byConns = new Map<string, RulePart>();
      for (let position = 0; position < size; position += 1) {
        if (peers !== undefined && (((peers[position >>> 5] ?? 0) >>> (position & 31)) & 1) === 0)
          continue;
        const conns = rulePorts(rule, rep(position).representative);
        if (isEmptyConns(conns)) continue;
        const connsKey = JSON.stringify(conns);
        let part = byConns.get(connsKey);
        if (part === undefined) {
          part = { conns, bits: new Uint32Array(words) };
          byConns.set(connsKey, part);
        }
        if (part.bits !== undefined) setBit(part.bits, position);
      }
      found = [...byConns.values()];
      partCache.set(key, found);
    }
    return found;
  };
}

interface Layout {
  readonly size: number;
  readonly words: number;
  readonly classAt: Int32Array;
  readonly positionOf: Int32Array;
  readonly namespaces: readonly string[];
  readonly namespaceStart: Int32Array;
  readonly namespaceAt: Int32Array;
}

function layoutOf(index: ClassIndex): Layout {
  const size = index.classes.length;
  const namespaces = [...index.byNamespace.keys()].sort();
  const classAt = new Int32Array(size);
  const positionOf = new Int32Array(size);
  const namespaceStart = new Int32Array(namespaces.length + 1);
  const namespaceAt = new Int32Array(size);
  let position = 0;
  for (const [at, name] of namespaces.entries()) {
    namespaceStart[at] = position;
    for (const podClass of index.byNamespace.get(name) ?? []) {
      classAt[position] = podClass.id;
      positionOf[podClass.id] = position;
      namespaceAt[position] = at;
      position += 1;
    }
  }
  namespaceStart[namespaces.length] = position;
  return {
    size,
    words: wordsFor(size),
    classAt,
    positionOf,
    namespaces,
    namespaceStart,
    namespaceAt,
  };
}

function portsKey(podClass: PodClass): string {
  return podClass.representative.namedPorts
    .map((port) => `${port.name}/${port.protocol}/${port.port}`)
    .join(",");
}
