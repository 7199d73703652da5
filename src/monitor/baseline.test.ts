import { describe, expect, it } from "vitest";
import { auditEvent } from "../../test/monitor/events.ts";
import {
  createBaseline,
  parseNetworks,
  type BaselineFact,
  type BaselineOptions,
} from "./baseline.ts";

/** A baseline judge that keeps what it learns in `learned`. */
function baseline(options: BaselineOptions, known: readonly BaselineFact[] = []) {
  const learned: BaselineFact[] = [];
  const judge = createBaseline(options, known);
  return { judge: (event: Parameters<typeof judge>[0]) => judge(event, learned), learned };
}

const sa = "system:serviceaccount:shop:api";
const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute)).toISOString();

/** The service account reading a ConfigMap at `minute`, with `extra` fields changed. */
const read = (minute: number, extra = {}) =>
  auditEvent({
    username: sa,
    verb: "get",
    objectRef: { resource: "configmaps", namespace: "shop", name: "c" },
    stageTimestamp: at(minute),
    ...extra,
  });

describe("createBaseline", () => {
  it("learns silently, then alerts once on a new action and on a new source", () => {
    const { judge } = baseline({ learningSeconds: 600, trustedNetworks: [] });
    expect(judge(read(0))).toEqual([]);
    expect(judge(read(5, { verb: "list" }))).toEqual([]); // learned
    expect(judge(read(20))).toEqual([]); // known
    expect(judge(read(21, { verb: "list" }))).toEqual([]);
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
    const stolen = judge(read(23, { sourceIPs: ["203.0.113.9"], userAgent: "curl/8.5" }));
    expect(stolen.map((alert) => alert.ruleId)).toEqual([
      "baseline-new-source",
      "baseline-new-source",
    ]);
    expect(judge(read(24, { sourceIPs: ["203.0.113.9"], userAgent: "curl/8.5" }))).toEqual([]);
  });

  it("judges people only on trusted networks, once per identity and address", () => {
    const { judge } = baseline({
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

describe("createBaseline with what an earlier run learned", () => {
  const options = { learningSeconds: 600, trustedNetworks: ["10.0.0.0/8"] };

  it("hands out every fact it learns, each once", () => {
    const { judge, learned } = baseline(options);
    judge(read(0));
    judge(read(1));
    judge(read(2, { sourceIPs: ["198.51.100.4"] }));
    expect(learned.map((fact) => fact.fact)).toEqual([
      "since",
      "action get configmaps shop",
      "ip 10.0.0.7",
      "agent kubectl/v1.34.0",
      "untrusted 198.51.100.4",
      "ip 198.51.100.4",
    ]);
    expect(learned.every((fact) => fact.identity === sa)).toBe(true);
    expect(learned[0]?.at).toBe(Date.parse(at(0)));
  });

  it("carries the learning window and the facts on: known things stay quiet, new ones alert", () => {
    const first = baseline(options);
    first.judge(read(0));
    first.judge(read(2, { sourceIPs: ["198.51.100.4"] }));
    // A fresh baseline from the stored facts, as after a restart, past the window.
    const { judge } = baseline(options, first.learned);
    expect(judge(read(30))).toEqual([]);
    expect(judge(read(31, { sourceIPs: ["198.51.100.4"] }))).toEqual([]);
    expect(judge(read(32, { verb: "delete" })).map((alert) => alert.ruleId)).toEqual([
      "baseline-new-action",
    ]);
    // Without them, the same identity would start a new silent window.
    expect(baseline(options).judge(read(32, { verb: "delete" }))).toEqual([]);
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
