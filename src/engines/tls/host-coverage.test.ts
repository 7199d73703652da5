import { describe, expect, it } from "vitest";
import { hostCoverage } from "./host-coverage.ts";

const san = (...dnsNames: string[]) => ({ dnsNames, commonNames: ["ignored.example.com"] });

describe("hostCoverage (RFC 6125)", () => {
  it("matches an exact name case-insensitively and ignores a trailing dot", () => {
    expect(hostCoverage(san("App.Example.com"), "app.example.COM.")).toEqual({
      isCovered: true,
      matchedName: "App.Example.com",
      matchedBy: "san",
    });
  });

  it("covers exactly one label with a wildcard", () => {
    const cert = san("*.example.com");
    expect(hostCoverage(cert, "a.example.com").isCovered).toBe(true);
    expect(hostCoverage(cert, "example.com").isCovered).toBe(false);
    expect(hostCoverage(cert, "a.b.example.com").isCovered).toBe(false);
    expect(hostCoverage(cert, "a.example.org").isCovered).toBe(false);
  });

  it("rejects partial, inner and top-level wildcards", () => {
    expect(hostCoverage(san("w*.example.com"), "www.example.com").isCovered).toBe(false);
    expect(hostCoverage(san("a.*.example.com"), "a.b.example.com").isCovered).toBe(false);
    expect(hostCoverage(san("*.com"), "example.com").isCovered).toBe(false);
  });

  it("covers an Ingress wildcard host only with the same wildcard", () => {
    expect(hostCoverage(san("*.example.com"), "*.example.com").isCovered).toBe(true);
    expect(hostCoverage(san("a.example.com"), "*.example.com").isCovered).toBe(false);
  });

  it("ignores the CN when DNS SANs exist, and uses it when none do", () => {
    expect(hostCoverage(san("a.example.com"), "ignored.example.com").isCovered).toBe(false);
    expect(
      hostCoverage({ dnsNames: [], commonNames: ["legacy.example.com"] }, "legacy.example.com"),
    ).toEqual({ isCovered: true, matchedName: "legacy.example.com", matchedBy: "cn" });
  });
});
