import { isEmptyConns } from "./conn-set.ts";
import type { NetpolEngine } from "./engine.ts";

/** Who reaches whom, summed over the class matrix: what the lateral-movement controls read. */
export interface ReachSummary {
  /** By pod index: how many other pod endpoints it can open some connection to. */
  readonly reachable: Int32Array;
  /** By pod index: the namespaces it can reach some pod in. */
  readonly reachesNamespaces: readonly ReadonlySet<string>[];
  /** By pod index: the namespaces with some pod that can reach it. */
  readonly reachedFromNamespaces: readonly ReadonlySet<string>[];
}

const summaries = new WeakMap<NetpolEngine, ReachSummary>();

/** Computed once per engine, over classes: K^2 class pairs, not P^2 pod pairs. */
export function reachSummary(engine: NetpolEngine): ReachSummary {
  const known = summaries.get(engine);
  if (known !== undefined) return known;
  const { classes } = engine.classIndex;
  const classReach = new Int32Array(classes.length);
  const classOut = classes.map(() => new Set<string>());
  const classIn = classes.map(() => new Set<string>());
  for (const source of classes) {
    const row = engine.classRow(source.id);
    for (const target of classes) {
      const conns = row[target.id];
      if (conns === undefined || isEmptyConns(conns)) continue;
      // A class reaching itself reaches its other members (or a template's other replicas).
      const others = target.members.length - (source === target ? 1 : 0);
      if (others <= 0 && source === target) continue;
      classReach[source.id] = (classReach[source.id] ?? 0) + others;
      classOut[source.id]?.add(target.namespace);
      classIn[target.id]?.add(source.namespace);
    }
  }
  const { classOf } = engine.classIndex;
  const at = (pod: { index: number }): number => classOf[pod.index] ?? 0;
  const summary: ReachSummary = {
    reachable: Int32Array.from(engine.pods, (pod) => classReach[at(pod)] ?? 0),
    reachesNamespaces: engine.pods.map((pod) => classOut[at(pod)] ?? new Set()),
    reachedFromNamespaces: engine.pods.map((pod) => classIn[at(pod)] ?? new Set()),
  };
  summaries.set(engine, summary);
  return summary;
}
