import { describe, expect, it } from "vitest";
import { parseAuditLine, parseEventList } from "./parse-batch.ts";

const event = (auditID: string) => ({
  apiVersion: "audit.k8s.io/v1",
  kind: "Event",
  auditID,
  stage: "ResponseComplete",
  verb: "get",
  user: { username: "alice" },
  stageTimestamp: "2026-06-01T10:00:00Z",
});

describe("parseEventList", () => {
  it("keeps good items and reports each bad one by index", () => {
    const parsed = parseEventList({
      apiVersion: "audit.k8s.io/v1",
      kind: "EventList",
      items: [event("a"), "garbage", { ...event("b"), apiVersion: "audit.k8s.io/v2" }, event("c")],
    });
    expect(parsed.ok && parsed.events.map((item) => item.auditID)).toEqual(["a", "c"]);
    expect(parsed.ok && parsed.rejected).toEqual([
      { where: "items[1]", reason: "event is not a JSON object" },
      { where: "items[2]", reason: "unsupported apiVersion audit.k8s.io/v2" },
    ]);
  });

  it("refuses a body that is not an EventList of audit.k8s.io/v1", () => {
    expect(
      parseEventList({ kind: "EventList", apiVersion: "audit.k8s.io/v1beta1", items: [] }),
    ).toMatchObject({ ok: false });
    expect(parseEventList({ kind: "Event", apiVersion: "audit.k8s.io/v1" })).toMatchObject({
      ok: false,
    });
    expect(
      parseEventList({ kind: "EventList", apiVersion: "audit.k8s.io/v1", items: {} }),
    ).toMatchObject({ ok: false });
    expect(parseEventList(null)).toMatchObject({ ok: false });
  });

  it("accepts an empty list (the apiserver never sends one, but null items is valid JSON for it)", () => {
    expect(
      parseEventList({ kind: "EventList", apiVersion: "audit.k8s.io/v1", items: null }),
    ).toEqual({
      ok: true,
      events: [],
      rejected: [],
    });
  });
});

describe("parseAuditLine", () => {
  it("reads a line, skips a blank one and locates garbage and truncated JSON", () => {
    expect(parseAuditLine(JSON.stringify(event("a")), "audit.log:1")).toMatchObject({
      auditID: "a",
    });
    expect(parseAuditLine("   ", "audit.log:2")).toBeUndefined();
    expect(parseAuditLine("not json", "audit.log:3")).toMatchObject({ where: "audit.log:3" });
    const truncated = JSON.stringify(event("b")).slice(0, 40);
    expect(parseAuditLine(truncated, "audit.log:4")).toMatchObject({
      where: "audit.log:4",
      reason: expect.stringContaining("not JSON") as string,
    });
  });
});
