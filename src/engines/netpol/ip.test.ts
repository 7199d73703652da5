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
