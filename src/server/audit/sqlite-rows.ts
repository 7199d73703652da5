// Rows as they cross from the event loop to the store's worker thread. A batch travels as a few
// flat values (one array of all the events' column values, the bytes the events came in, item
// indexes): cloning those is a copy, where cloning hundreds of small arrays or objects walks each
// one. A flat array of strings and numbers clones faster than its JSON is written and read.
import { SEVERITIES } from "../../model/check-meta.ts";
import type { Alert } from "../../monitor/alert.ts";
import type { AuditEvent } from "../../rules/audit-event.ts";
import { auditEventJson } from "../../sources/audit/event-json.ts";
import { itemSpans, lineSpans } from "../../sources/audit/item-spans.ts";
import type { VerbatimText } from "../../sources/audit/parse-batch.ts";

/**
 * audit_id, stage, ts (ms), stage_time and received (the two timestamps as sent), username, verb,
 * resource, namespace, body: the Event's JSON, as a string or as the bytes it came in (stored as
 * text all the same).
 */
export type EventRow = readonly [
  string,
  string,
  number,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | Uint8Array,
];
/** rule_id, severity_rank, ts (ms), stage_time, audit_id, username, namespace, body (JSON). */
export type AlertRow = readonly [
  string,
  number,
  number,
  string,
  string,
  string,
  string | null,
  string,
];

/** The columns of an event row before its body. */
const COLUMNS = 9;
type EventColumns = EventRow extends readonly [...infer Columns, unknown] ? Columns : never;

export interface EncodedEvents {
  /** {@link COLUMNS} values an event, one after the other. */
  readonly columns: readonly (string | number | null)[];
  /** The text the events came in, if kept; see {@link VerbatimText}. */
  readonly verbatim?: VerbatimText;
  /** The bodies of the events not kept as they came, in the order of those events. */
  readonly serialised: readonly string[];
}

/** An event row's columns before its body, in the row's order. */
export function eventColumns(event: AuditEvent): EventColumns {
  const ref = event.objectRef;
  return [
    event.auditID,
    event.stage,
    Date.parse(event.stageTimestamp),
    event.stageTimestamp,
    event.requestReceivedTimestamp,
    event.user.username,
    event.verb,
    ref === undefined
      ? null
      : ref.subresource === undefined
        ? ref.resource
        : `${ref.resource}/${ref.subresource}`,
    ref?.namespace ?? null,
  ];
}

/**
 * Each event's indexed columns, and its body: the text it came as where the source kept it,
 * else the event written back as an `audit.k8s.io/v1` Event.
 */
export function encodeEvents(
  events: readonly AuditEvent[],
  verbatim?: VerbatimText,
): EncodedEvents {
  const columns: (string | number | null)[] = [];
  const serialised: string[] = [];
  const items = verbatim?.items.length === events.length ? verbatim.items : undefined;
  events.forEach((event, index) => {
    columns.push(...eventColumns(event));
    if ((items?.[index] ?? -1) < 0) serialised.push(auditEventJson(event));
  });
  return {
    columns,
    ...(verbatim === undefined || items === undefined ? {} : { verbatim }),
    serialised,
  };
}

/**
 * The rows of encoded events. Runs in the store's worker, where finding each event's bytes in
 * the text it came in costs the event loop nothing.
 */
export function decodeEvents(encoded: EncodedEvents): EventRow[] {
  const columns = encoded.columns;
  const verbatim = encoded.verbatim;
  // A Buffer arrives in the worker as a plain Uint8Array; a Buffer over the same memory scans.
  const bytes =
    verbatim === undefined
      ? undefined
      : Buffer.from(verbatim.bytes.buffer, verbatim.bytes.byteOffset, verbatim.bytes.length);
  const spans =
    bytes === undefined
      ? undefined
      : verbatim?.format === "event-list"
        ? itemSpans(bytes)
        : lineSpans(bytes);
  const rows: EventRow[] = [];
  let serialised = 0;
  for (let index = 0; index * COLUMNS < columns.length; index += 1) {
    const item = verbatim?.items[index] ?? -1;
    const start = spans?.[2 * item];
    const end = spans?.[2 * item + 1];
    let body: string | Uint8Array;
    if (item >= 0 && start !== undefined && end !== undefined && bytes !== undefined)
      body = bytes.subarray(start, end);
    else if (item < 0) body = encoded.serialised[serialised++] ?? "";
    else throw new Error(`item ${item} of the batch is not in its text`);
    const at = index * COLUMNS;
    rows.push([
      columns[at] as string,
      columns[at + 1] as string,
      columns[at + 2] as number,
      columns[at + 3] as string,
      columns[at + 4] as string,
      columns[at + 5] as string,
      columns[at + 6] as string,
      columns[at + 7] as string | null,
      columns[at + 8] as string | null,
      body,
    ]);
  }
  return rows;
}

export function alertRow(alert: Alert): AlertRow {
  return [
    alert.ruleId,
    SEVERITIES.indexOf(alert.severity),
    Date.parse(alert.timestamp),
    alert.timestamp,
    alert.auditID,
    alert.user,
    alert.objectRef?.namespace ?? null,
    JSON.stringify(alert),
  ];
}
