import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import { createBaseline, parseNetworks } from "./baseline.ts";

const sa = "system:serviceaccount:shop:api";
const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute)).toISOString();

describe("createBaseline", () => {
  it("learns silently, then alerts once on a new action and on a new source", () => {
    const judge = createBaseline({ learningSeconds: 600, trustedNetworks: [] });
    const read = (minute: number, extra = {}) =>
      judge(
        auditEvent({
          username: sa,
          verb: "get",
          objectRef: { resource: "configmaps", namespace: "shop", name: "c" },
          stageTimestamp: at(minute),
          ...extra,
        }),
      );
    expect(read(0)).toEqual([]);
    expect(read(5, { verb: "list" })).toEqual([]); // learned
    expect(read(20)).toEqual([]); // known
    expect(read(21, { verb: "list" })).toEqual([]);
    const secrets = judge(
      auditEvent({
        username: sa,
        verb: "list",
        objectRef: { resource: "secrets", namespace: "shop" },
        stageTimestamp: at(22),
      }),
    );
    expect(secrets.map((alert) => [alert.ruleId, alert.evidence])).toEqual([
      ["baseline-new-action", { action: "list secrets shop" }],
    ]);
    const stolen = read(23, { sourceIPs: ["203.0.113.9"], userAgent: "curl/8.5" });
    expect(stolen.map((alert) => alert.ruleId)).toEqual([
      "baseline-new-source",
      "baseline-new-source",
    ]);
    expect(read(24, { sourceIPs: ["203.0.113.9"], userAgent: "curl/8.5" })).toEqual([]);
  });

  it("judges people only on trusted networks, once per identity and address", () => {
    const judge = createBaseline({
      learningSeconds: 0,
      trustedNetworks: ["10.0.0.0/8", "fd00::/8"],
    });
    expect(judge(auditEvent({ sourceIPs: ["10.1.2.3"] }))).toEqual([]);
    expect(judge(auditEvent({ sourceIPs: ["fd00::1"] }))).toEqual([]);
    expect(judge(auditEvent({ sourceIPs: ["198.51.100.4"] })).map((alert) => alert.ruleId)).toEqual(
      ["untrusted-network"],
    );
    expect(judge(auditEvent({ sourceIPs: ["198.51.100.4"] }))).toEqual([]);
  });
});

describe("parseNetworks", () => {
  it("names the entry that is not a CIDR", () => {
    expect(parseNetworks(["10.0.0.0/8", "10.0.0.0/33"])).toEqual({
      ok: false,
      reason: "not a CIDR: 10.0.0.0/33",
    });
    expect(parseNetworks(["example.com"])).toMatchObject({ ok: false });
  });
});
