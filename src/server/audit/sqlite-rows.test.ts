import { describe, expect, it } from "vitest";
import { eventList, quietEvent, rawEvent, secretEvent } from "../../../test/monitor/audit-log.ts";
import { auditEvent } from "../../../test/monitor/events.ts";
import { parseAuditLines, parseEventList } from "../../sources/audit/parse-batch.ts";
import { parseAuditEvent } from "../../sources/audit/parse-event.ts";
import { decodeEvents, encodeEvents } from "./sqlite-rows.ts";

/** As the worker receives it: structured-cloned (a Buffer arrives as a plain Uint8Array). */
const cloned = <T>(value: T): T => structuredClone(value);
/** A row's body as the store keeps it: text. */
const bodyText = (body: string | Uint8Array | undefined): string =>
  typeof body === "string" ? body : Buffer.from(body ?? []).toString("utf8");

describe("encodeEvents / decodeEvents", () => {
  it("carries every column, whatever characters the strings hold", () => {
    const odd = auditEvent({
      auditID: "a\u0000b\u0001c",
      username: "eve\u0001\u0000",
      verb: "get",
      objectRef: { resource: "pods", subresource: "exec", namespace: "n\u0000s" },
      stageTimestamp: "2026-06-01T10:00:00.5Z",
    });
    const plain = auditEvent({ auditID: "p", verb: "list" });
    const rows = decodeEvents(cloned(encodeEvents([odd, plain])));
    expect(rows.map((row) => row.slice(0, 9))).toEqual([
      [
        "a\u0000b\u0001c",
        "ResponseComplete",
        Date.parse("2026-06-01T10:00:00.5Z"),
        "2026-06-01T10:00:00.5Z",
        odd.requestReceivedTimestamp,
        "eve\u0001\u0000",
        "get",
        "pods/exec",
        "n\u0000s",
      ],
      [
        "p",
        "ResponseComplete",
        Date.parse(plain.stageTimestamp),
        plain.stageTimestamp,
        plain.requestReceivedTimestamp,
        "alice",
        "list",
        null,
        null,
      ],
    ]);
    // Without the text they came as, events are written back as Events that read the same.
    expect(
      rows
        .map((row) => parseAuditEvent(JSON.parse(bodyText(row[9]))))
        .map((read) => read.ok && read.event),
    ).toEqual([odd, plain]);
  });

  it("keeps each event's text as it came, except one whose credentials were cut", () => {
    const secret = secretEvent("s", "create", "aHVudGVyMg==");
    // Spacing and key order as a client might send them, which re-serialising would lose.
    const text = `{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[ ${JSON.stringify(rawEvent("a"), null, 1)},${JSON.stringify(secret)} , ${JSON.stringify({ ...quietEvent("q"), extra: { zoë: "🚀" } })}]}`;
    const bytes = Buffer.from(text);
    const parsed = parseEventList(JSON.parse(text), bytes);
    if (!parsed.ok) throw new Error(parsed.reason);
    const rows = decodeEvents(cloned(encodeEvents(parsed.events, parsed.verbatim)));
    expect(bodyText(rows[0]?.[9])).toBe(JSON.stringify(rawEvent("a"), null, 1));
    expect(bodyText(rows[2]?.[9])).toBe(
      JSON.stringify({ ...quietEvent("q"), extra: { zoë: "🚀" } }),
    );
    expect(bodyText(rows[1]?.[9])).not.toContain("aHVudGVyMg==");
    expect(JSON.parse(bodyText(rows[1]?.[9]))).toMatchObject({
      apiVersion: "audit.k8s.io/v1",
      auditID: "s",
      requestObject: { kind: "Secret", metadata: { name: "db" } },
    });
  });

  it("keeps log lines as they were, skipping blank and bad ones", () => {
    const lines = [
      JSON.stringify(rawEvent("a")),
      "",
      "not json",
      ` ${JSON.stringify(quietEvent("b"))}`,
    ];
    const batch = parseAuditLines(
      lines.map((line, index) => ({ text: line, where: `log:${index + 1}` })),
    );
    expect(batch.rejected.map((rejection) => rejection.where)).toEqual(["log:3"]);
    const rows = decodeEvents(cloned(encodeEvents(batch.events, batch.verbatim)));
    expect(rows.map((row) => bodyText(row[9]))).toEqual([lines[0], lines[3]]);
  });

  it("writes events back when no text came with them", () => {
    const parsed = parseEventList(eventList([rawEvent("a")]));
    if (!parsed.ok) throw new Error(parsed.reason);
    const rows = decodeEvents(cloned(encodeEvents(parsed.events, parsed.verbatim)));
    expect(JSON.parse(bodyText(rows[0]?.[9]))).toMatchObject({ auditID: "a", kind: "Event" });
  });

  it("encodes no events as no rows", () => {
    expect(decodeEvents(cloned(encodeEvents([])))).toEqual([]);
  });
});
