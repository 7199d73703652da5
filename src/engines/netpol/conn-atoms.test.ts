import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { connProbes } from "./conn-atoms.ts";
import {
  connsOf,
  hasConn,
  intersectConns,
  isEmptyConns,
  PROTOCOLS,
  unionConns,
  type ConnSet,
} from "./conn-set.ts";

const connSet: fc.Arbitrary<ConnSet> = fc
  .array(
    fc.record({
      protocol: fc.constantFrom(...PROTOCOLS),
      lo: fc.integer({ min: 1, max: 120 }),
      width: fc.integer({ min: 0, max: 40 }),
    }),
    { maxLength: 3 },
  )
  .map((ranges) =>
    ranges.reduce<ConnSet>(
      (set, { protocol, lo, width }) => unionConns(set, connsOf(protocol, lo, lo + width)),
      connsOf("TCP", 1, 0),
    ),
  );

describe("connProbes", () => {
  it("finds a shared connection of any two unions of the sets whenever there is one", () => {
    fc.assert(
      fc.property(
        fc.array(connSet, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (sets, left, right) => {
          const probes = connProbes(sets);
          const union = (picks: number[]): ConnSet =>
            picks.reduce<ConnSet>(
              (set, pick) => unionConns(set, sets[pick % Math.max(sets.length, 1)] ?? set),
              connsOf("TCP", 1, 0),
            );
          const a = union(left);
          const b = union(right);
          const shared = !isEmptyConns(intersectConns(a, b));
          const probed = probes.some(
            ({ protocol, port }) => hasConn(a, protocol, port) && hasConn(b, protocol, port),
          );
          expect(probed).toBe(shared);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("keeps one probe when nothing tells connections apart", () => {
    expect(connProbes([])).toHaveLength(1);
    expect(connProbes([connsOf("TCP", 80, 80), connsOf("TCP", 80, 80)])).toEqual([
      { protocol: "TCP", port: 80 },
    ]);
  });
});
