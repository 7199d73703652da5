import { describe, expect, it } from "vitest";
import { auditEvent } from "../../../test/monitor/events.ts";
import { decodeEvents, encodeEvents } from "./sqlite-rows.ts";

describe("encodeEvents / decodeEvents", () => {
  it("carries every column and the body, whatever characters the strings hold", () => {
    const odd = auditEvent({
      auditID: "a\u0000b\u0001c",
      username: "eve\u0001\u0000",
      verb: "get",
      objectRef: { resource: "pods", subresource: "exec", namespace: "n\u0000s" },
      stageTimestamp: "2026-06-01T10:00:00.5Z",
    });
    const plain = auditEvent({ auditID: "p", verb: "list" });
    const rows = decodeEvents(encodeEvents([odd, plain]));
    expect(rows.map((row) => row.slice(0, 7))).toEqual([
      [
        "a\u0000b\u0001c",
        "ResponseComplete",
        Date.parse("2026-06-01T10:00:00.5Z"),
        "eve\u0001\u0000",
        "get",
        "pods/exec",
        "n\u0000s",
      ],
      ["p", "ResponseComplete", Date.parse(plain.stageTimestamp), "alice", "list", null, null],
    ]);
    expect(rows.map((row) => JSON.parse(row[7]) as unknown)).toEqual([odd, plain]);
  });

  it("encodes no events as no rows", () => {
    expect(decodeEvents(encodeEvents([]))).toEqual([]);
  });
});
