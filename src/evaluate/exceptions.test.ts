import { describe, expect, it } from "vitest";
import { covers, isLive, parseExceptions } from "./exceptions.ts";

const valid = `exceptions:
  - checks: [privileged-containers]
    resources:
      - kind: DaemonSet
        namespace: monitoring
        name: node-exporter*
    owner: observability@example.com
    reason: node-exporter reads host metrics
    expires: 2026-12-31
`;

describe("exceptions file", () => {
  it("reads an entry with its line", () => {
    const { exceptions, diagnostics } = parseExceptions(valid, "exceptions.yaml");
    expect(diagnostics).toEqual([]);
    expect(exceptions).toEqual([
      expect.objectContaining({
        owner: "observability@example.com",
        expires: "2026-12-31",
        line: 2,
      }),
    ]);
  });

  it("names the entry and what is missing", () => {
    const text = `exceptions:\n  - checks: [a]\n    reason: r\n    expires: 2026-01-01\n  - checks: [b]\n    owner: o\n    reason: r\n    expires: next week\n`;
    const { exceptions, diagnostics } = parseExceptions(text, "ex.yaml");
    expect(exceptions).toEqual([]);
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [2, "exceptions[0]: `owner` is required"],
      [5, "exceptions[1]: `expires` is required, as a date YYYY-MM-DD"],
    ]);
  });

  it("reports malformed YAML and a wrong shape without throwing", () => {
    expect(parseExceptions("exceptions: [", "x.yaml").diagnostics[0]?.code).toBe("bad-exception");
    expect(parseExceptions("- a\n- b\n", "x.yaml").diagnostics[0]?.message).toMatch(/exceptions:/);
  });

  it("refuses an alias bomb", () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nexceptions: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    expect(parseExceptions(bomb, "x.yaml").diagnostics[0]?.message).toMatch(/alias/i);
  });

  it("is live through the whole expiry day, not after", () => {
    const [entry] = parseExceptions(valid, "e.yaml").exceptions;
    if (entry === undefined) throw new Error("no entry");
    expect(isLive(entry, new Date("2026-12-31T23:59:59Z"))).toBe(true);
    expect(isLive(entry, new Date("2027-01-01T00:00:00Z"))).toBe(false);
  });

  it("matches resources by kind, namespace and name glob", () => {
    const [entry] = parseExceptions(valid, "e.yaml").exceptions;
    if (entry === undefined) throw new Error("no entry");
    const target = { kind: "DaemonSet", namespace: "monitoring", name: "node-exporter-v2" };
    expect(covers(entry, "privileged-containers", target)).toBe(true);
    expect(covers(entry, "other-check", target)).toBe(false);
    expect(covers(entry, "privileged-containers", { ...target, namespace: "prod" })).toBe(false);
    expect(covers(entry, "privileged-containers", { ...target, name: "x-node-exporter" })).toBe(
      false,
    );
  });
});
