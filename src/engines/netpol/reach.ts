import { hasBit, popcount32, setBit } from "./bitset.ts";
import type { NetpolEngine } from "./engine.ts";
import type { ReachMatrix } from "./reach-matrix.ts";

/** Who reaches whom, summed over the class reach matrix: what the lateral-movement controls read. */
export interface ReachSummary {
  /** By pod index: how many other pod endpoints it can open some connection to. */
  readonly reachable: Int32Array;
  /** By pod index: how many namespaces other than its own have a pod that can reach it. */
  readonly reachedFromOtherNamespaces: Int32Array;
  /** The namespaces (sorted) a pod can reach some other pod in. */
  reachesNamespaces(podIndex: number): readonly string[];
  /** The namespaces (sorted) with some other pod that can reach this pod. */
  reachedFromNamespaces(podIndex: number): readonly string[];
}

const summaries = new WeakMap<NetpolEngine, ReachSummary>();

/**
 * Computed once per engine (so once per inventory, shared by every control) from the class
 * reach matrix: counts by popcounts over its rows, namespaces by runs of bits, never by pairs.
 */
export function reachSummary(engine: NetpolEngine): ReachSummary {
  const known = summaries.get(engine);
  if (known !== undefined) return known;
  const summary = summarize(engine, engine.reachMatrix());
  summaries.set(engine, summary);
  return summary;
}

function summarize(engine: NetpolEngine, matrix: ReachMatrix): ReachSummary {
  const { size, words, bits, classAt, positionOf, namespaces, namespaceStart } = matrix;
  const { classes, classOf } = engine.classIndex;
  const membersAt = Int32Array.from(classAt, (id) => classes[id]?.members.length ?? 0);
  // A one-pod class reaching itself reaches no other pod: that bit does not count.
  const counts = (s: number): boolean => (membersAt[s] ?? 0) > 1 || !hasBit(bits, s, s * words);
  const selfBit = (s: number): number => (hasBit(bits, s, s * words) ? 1 : 0);

  // Weighted popcount: classes weigh their member count, written in binary as bit planes.
  const planes: Uint32Array[] = [];
  for (let s = 0; s < size; s += 1) {
    const extra = (membersAt[s] ?? 0) - 1;
    for (let plane = 0; extra >>> plane !== 0; plane += 1) {
      const weights = (planes[plane] ??= new Uint32Array(words));
      if (((extra >>> plane) & 1) === 1) setBit(weights, s);
    }
  }
  const reachOf = new Int32Array(size);
  const fromNamespace = new Uint32Array(namespaces.length * words);
  for (let s = 0; s < size; s += 1) {
    const row = s * words;
    let total = 0;
    for (let w = 0; w < words; w += 1) {
      const word = bits[row + w] ?? 0;
      if (word === 0) continue;
      total += popcount32(word);
      for (const [plane, weights] of planes.entries()) {
        total += popcount32(word & (weights[w] ?? 0)) * 2 ** plane;
      }
    }
    reachOf[s] = total - selfBit(s);
    // What some other pod of the namespace reaches, for "reached from" by namespace.
    const into = (matrix.namespaceAt[s] ?? 0) * words;
    const own = counts(s);
    for (let w = 0; w < words; w += 1) {
      let word = bits[row + w] ?? 0;
      if (!own && w === s >>> 5) word &= ~(1 << (s & 31));
      fromNamespace[into + w] = ((fromNamespace[into + w] ?? 0) | word) >>> 0;
    }
  }
  const reachedCount = new Int32Array(size);
  for (let t = 0; t < size; t += 1) {
    const own = matrix.namespaceAt[t] ?? 0;
    let reached = 0;
    for (let n = 0; n < namespaces.length; n += 1) {
      if (n !== own && hasBit(fromNamespace, t, n * words)) reached += 1;
    }
    reachedCount[t] = reached;
  }

  const reachesMemo = new Map<number, readonly string[]>();
  const reachedMemo = new Map<number, readonly string[]>();
  const at = (podIndex: number): number => positionOf[classOf[podIndex] ?? 0] ?? 0;
  return {
    reachable: Int32Array.from(engine.pods, (pod) => reachOf[at(pod.index)] ?? 0),
    reachedFromOtherNamespaces: Int32Array.from(
      engine.pods,
      (pod) => reachedCount[at(pod.index)] ?? 0,
    ),
    reachesNamespaces: (podIndex) => {
      const s = at(podIndex);
      let found = reachesMemo.get(s);
      if (found === undefined) {
        const list: string[] = [];
        const row = s * words;
        // Jump from a reached namespace to the next one: words, not pairs.
        for (let from = 0; from < size;) {
          const w = from >>> 5;
          let word = bits[row + w] ?? 0;
          if (w === s >>> 5 && !counts(s)) word &= ~(1 << (s & 31));
          word = (word >>> (from & 31)) << (from & 31);
          if (word === 0) {
            from = (w + 1) * 32;
            continue;
          }
          const n = matrix.namespaceAt[w * 32 + 31 - Math.clz32(word & -word)] ?? 0;
          list.push(namespaces[n] ?? "");
          from = namespaceStart[n + 1] ?? size;
        }
        found = list;
        reachesMemo.set(s, found);
      }
      return found;
    },
    reachedFromNamespaces: (podIndex) => {
      const t = at(podIndex);
      let found = reachedMemo.get(t);
      if (found === undefined) {
        found = namespaces.filter((_, n) => hasBit(fromNamespace, t, n * words));
        reachedMemo.set(t, found);
      }
      return found;
    },
  };
}
