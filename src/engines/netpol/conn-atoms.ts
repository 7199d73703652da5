import { hasConn, MAX_PORT, MIN_PORT, PROTOCOLS, type ConnSet, type Protocol } from "./conn-set.ts";

const MAX_PRUNED = 256;

/** One connection standing for every connection that each of the sets holds or lacks alike. */
export interface ConnProbe {
  readonly protocol: Protocol;
  readonly port: number;
}

/**
 * Connections that tell the sets apart: two connections in exactly the same sets behave alike,
 * so one probe per such cell answers "do these sets share a connection" for all of them. Cells
 * held by a subset of another cell's sets are dropped: whatever they allow, the other allows
 * too. The empty cell is kept only when there is nothing else (connections in none of the sets
 * reach only where both sides allow everything, and so does every other cell).
 */
export function connProbes(sets: readonly ConnSet[]): readonly ConnProbe[] {
  const cells = new Map<string, { probe: ConnProbe; members: boolean[] }>();
  for (const [index, protocol] of PROTOCOLS.entries()) {
    // Every range boundary of every set: between two of them, membership cannot change.
    const starts = new Set<number>([MIN_PORT]);
    for (const set of sets) {
      const ranges = set[index] ?? [];
      for (let i = 0; i < ranges.length; i += 2) {
        starts.add(ranges[i] ?? MIN_PORT);
        const after = (ranges[i + 1] ?? MAX_PORT) + 1;
        if (after <= MAX_PORT) starts.add(after);
      }
    }
    for (const port of starts) {
      const members = sets.map((set) => hasConn(set, protocol, port));
      const key = members.map((held) => (held ? "1" : "0")).join("");
      if (!cells.has(key)) cells.set(key, { probe: { protocol, port }, members });
    }
  }
  const all = [...cells.values()];
  // The pruning is quadratic in the cells: past a few hundred, probing them all is cheaper.
  if (all.length > MAX_PRUNED) return all.map((cell) => cell.probe);
  const kept = all.filter(
    (cell) =>
      !all.some(
        (other) =>
          other !== cell &&
          other.members.some((held, at) => held && !cell.members[at]) &&
          cell.members.every((held, at) => !held || other.members[at]),
      ),
  );
  return kept.map((cell) => cell.probe);
}
