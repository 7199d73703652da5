import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cidrContains, parseCidr, parseIp } from "./ip.ts";

function cidr(text: string) {
  const parsed = parseCidr(text);
  if (parsed === undefined) throw new Error(text);
  return parsed;
}

describe("ip", () => {
  it("parses IPv4 and rejects malformed addresses", () => {
    expect(parseIp("10.0.0.1")?.value).toBe(0x0a000001);
    expect(parseIp("256.0.0.1")).toBeUndefined();
    expect(parseIp("01.0.0.1")).toBeUndefined();
    expect(parseIp("10.0.0")).toBeUndefined();
  });

  it("accepts exactly the dotted quads of the apiserver's pattern, with their value", () => {
    // Each part 0-255 without a leading zero: the oracle the hand-written parser replaces.
    const v4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
    const text = fc.oneof(
      fc.stringMatching(/^[0-9.]{0,17}$/),
      fc
        .array(fc.oneof(fc.nat({ max: 300 }).map(String), fc.constantFrom("00", "01", "")), {
          minLength: 3,
          maxLength: 5,
        })
        .map((parts) => parts.join(".")),
    );
    fc.assert(
      fc.property(text, (candidate) => {
        const parsed = parseIp(candidate);
        expect(parsed !== undefined, candidate).toBe(v4.test(candidate));
        if (parsed !== undefined) {
          const value = candidate.split(".").reduce((sum, part) => sum * 256 + Number(part), 0);
          expect(parsed).toEqual({ v6: false, value });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("parses IPv6 with :: and an embedded IPv4 tail", () => {
    expect(parseIp("::1")?.value).toBe(1n);
    expect(parseIp("fd00::ffff:10.0.0.1")?.value).toBe(
      (0xfd00n << 112n) | (0xffffn << 32n) | 0x0a000001n,
    );
    expect(parseIp("1:2:3:4:5:6:7:8:9")).toBeUndefined();
    expect(parseIp("1::2::3")).toBeUndefined();
  });

  it("normalizes host bits and matches by family", () => {
    expect(cidrContains(cidr("10.1.2.3/16"), parseIp("10.1.200.1")!)).toBe(true);
    expect(cidrContains(cidr("10.1.0.0/16"), parseIp("10.2.0.1")!)).toBe(false);
    expect(cidrContains(cidr("0.0.0.0/0"), parseIp("::1")!)).toBe(false);
    expect(cidrContains(cidr("fd00::/8"), parseIp("fd12::1")!)).toBe(true);
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
  });
});
