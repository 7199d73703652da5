// Rows as they cross from the event loop to the store's worker thread. A batch of events travels
// as one string: cloning one string is a copy, where cloning hundreds of small arrays walks each.
import { SEVERITIES } from "../../model/check-meta.ts";
import type { Alert } from "../../monitor/alert.ts";
import type { AuditEvent } from "../../rules/audit-event.ts";

/** audit_id, stage, ts (ms), username, verb, resource, namespace, body (JSON). */
export type EventRow = readonly [
  string,
  string,
  number,
  string,
  string,
  string | null,
  string | null,
  string,
];
/** rule_id, severity_rank, ts (ms), audit_id, username, namespace, body (JSON). */
export type AlertRow = readonly [string, number, number, string, string, string | null, string];

// JSON.stringify escapes every character below U+0020, so neither separator occurs inside its
// output, whatever the (untrusted) strings held.
const FIELDS = "\u0000";
const ROWS = "\u0001";

/** Each event as its indexed columns (a JSON array) and its body (JSON), in one string. */
export function encodeEvents(events: readonly AuditEvent[]): string {
  const parts: string[] = [];
  for (const event of events) {
    const ref = event.objectRef;
    const columns = JSON.stringify([
      event.auditID,
      event.stage,
      Date.parse(event.stageTimestamp),
      event.user.username,
      event.verb,
      ref === undefined
        ? null
        : ref.subresource === undefined
          ? ref.resource
          : `${ref.resource}/${ref.subresource}`,
      ref?.namespace ?? null,
    ]);
    parts.push(`${columns}${FIELDS}${JSON.stringify(event)}`);
  }
  return parts.join(ROWS);
}

export function decodeEvents(text: string): EventRow[] {
  if (text === "") return [];
  return text.split(ROWS).map((part) => {
    const split = part.indexOf(FIELDS);
    const columns = JSON.parse(part.slice(0, split)) as [
      string,
      string,
      number,
      string,
      string,
      string | null,
      string | null,
    ];
    return [...columns, part.slice(split + 1)] as const;
  });
}

export function alertRow(alert: Alert): AlertRow {
  return [
    alert.ruleId,
    SEVERITIES.indexOf(alert.severity),
    Date.parse(alert.timestamp),
    alert.auditID,
    alert.user,
    alert.objectRef?.namespace ?? null,
    JSON.stringify(alert),
  ];
}
