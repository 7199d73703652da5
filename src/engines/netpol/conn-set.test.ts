import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALL_CONNS,
  connsOf,
  formatConns,
  hasConn,
  intersectConns,
  NO_CONNS,
  subtractConns,
  unionConns,
  type ConnSet,
} from "./conn-set.ts";

const range = fc
  .tuple(
    fc.integer({ min: 1, max: 200 }),
    fc.integer({ min: 0, max: 20 }),
    fc.constantFrom("TCP", "UDP"),
  )
  .map(([lo, width, protocol]) => connsOf(protocol, lo, lo + width));
const set = fc.array(range, { maxLength: 4 }).map((parts) => parts.reduce(unionConns, NO_CONNS));

describe("connection sets", () => {
  it("union, intersection and difference agree with membership", () => {
    fc.assert(
      fc.property(set, set, fc.integer({ min: 1, max: 230 }), (a: ConnSet, b: ConnSet, port) => {
        for (const protocol of ["TCP", "UDP"] as const) {
          const inA = hasConn(a, protocol, port);
          const inB = hasConn(b, protocol, port);
          expect(hasConn(unionConns(a, b), protocol, port)).toBe(inA || inB);
          expect(hasConn(intersectConns(a, b), protocol, port)).toBe(inA && inB);
          expect(hasConn(subtractConns(a, b), protocol, port)).toBe(inA && !inB);
        }
      }),
    );
  });

  it("formats ranges and merges adjacent ones", () => {
    expect(formatConns(unionConns(connsOf("TCP", 80, 80), connsOf("TCP", 81, 90)))).toBe(
      "TCP 80-90",
    );
    expect(formatConns(unionConns(connsOf("UDP", 53, 53), connsOf("TCP", 443, 443)))).toBe(
      "TCP 443; UDP 53",
    );
    expect(formatConns(ALL_CONNS)).toBe("All connections");
    expect(formatConns(NO_CONNS)).toBe("No connections");
  });
});
