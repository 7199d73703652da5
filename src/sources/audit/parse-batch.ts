import { isObject, stringAt } from "../../model/fields.ts";
import {
  AUDIT_API_VERSION,
  parseAuditEvent,
  type EventParse,
  type ParsedAuditEvent,
} from "./parse-event.ts";

/** An input that could not be read, with where it was and why. Counted, reported, skipped. */
export interface AuditRejection {
  /** `items[3]` in an EventList, `file:12` for a log line. */
  readonly where: string;
  readonly reason: string;
}

/**
 * The text a batch of events was read from, so that a store can keep each event exactly as it
 * came: an EventList (`event-list`) or JSON lines (`json-lines`), and for each event the index
 * of its item in the list or of its line, -1 for an event whose text must not be kept (its
 * credentials were cut). Finding the bytes of an item is left to whoever keeps them (see
 * item-spans.ts), so that the work lands where the store runs, not on the reader.
 */
export interface VerbatimText {
  readonly format: "event-list" | "json-lines";
  readonly bytes: Buffer;
  readonly items: Int32Array;
}

export interface AuditBatch {
  readonly events: readonly ParsedAuditEvent[];
  readonly rejected: readonly AuditRejection[];
  /** Present when the reader kept the text. */
  readonly verbatim?: VerbatimText;
}

export type EventListParse =
  ({ readonly ok: true } & AuditBatch) | { readonly ok: false; readonly reason: string };

/**
 * The body the apiserver's webhook backend posts: an `audit.k8s.io/v1` EventList. A body that is
 * not one is refused as a whole; inside one, each bad item is rejected and the rest kept. With
 * `bytes`, the text `body` was parsed from, the batch says where each event lies in it.
 */
export function parseEventList(body: unknown, bytes?: Buffer): EventListParse {
  if (!isObject(body)) return { ok: false, reason: "body is not a JSON object" };
  const apiVersion = stringAt(body, "apiVersion");
  const kind = stringAt(body, "kind");
  if (kind !== "EventList")
    return { ok: false, reason: `kind ${kind ?? "missing"}: expected EventList` };
  if (apiVersion !== AUDIT_API_VERSION)
    return {
      ok: false,
      reason: `apiVersion ${apiVersion ?? "missing"}: expected ${AUDIT_API_VERSION}`,
    };
  const items = body["items"];
  if (items !== undefined && items !== null && !Array.isArray(items))
    return { ok: false, reason: "items is not an array" };
  const list = Array.isArray(items) ? (items as unknown[]) : [];
  const events: ParsedAuditEvent[] = [];
  const kept: number[] = [];
  const rejected: AuditRejection[] = [];
  list.forEach((item, index) => {
    const parsed = parseAuditEvent(item);
    if (!parsed.ok) {
      rejected.push({ where: `items[${index}]`, reason: parsed.reason });
      return;
    }
    events.push(parsed.event);
    kept.push(parsed.redacted ? -1 : index);
  });
  return {
    ok: true,
    events,
    rejected,
    ...(bytes === undefined
      ? {}
      : { verbatim: { format: "event-list", bytes, items: Int32Array.from(kept) } }),
  };
}

/**
 * One line of a JSON-lines audit log (the apiserver's log backend, `--audit-log-format=json`).
 * Blank lines are neither events nor errors.
 */
export function parseAuditLine(
  line: string,
  where: string,
): ParsedAuditEvent | AuditRejection | undefined {
  const parsed = readLine(line, where);
  return parsed === undefined || !("ok" in parsed) ? parsed : parsed.event;
}

/** Lines of a JSON-lines audit log, with where each came from, as one batch that keeps their text. */
export function parseAuditLines(
  lines: readonly { readonly text: string; readonly where: string }[],
): AuditBatch {
  const events: ParsedAuditEvent[] = [];
  const rejected: AuditRejection[] = [];
  const kept: number[] = [];
  lines.forEach(({ text, where }, index) => {
    const parsed = readLine(text, where);
    if (parsed === undefined) return;
    if (!("ok" in parsed)) {
      rejected.push(parsed);
      return;
    }
    events.push(parsed.event);
    kept.push(parsed.redacted ? -1 : index);
  });
  const bytes = Buffer.from(lines.map((line) => line.text).join("\n"));
  return {
    events,
    rejected,
    verbatim: { format: "json-lines", bytes, items: Int32Array.from(kept) },
  };
}

function readLine(
  line: string,
  where: string,
): Extract<EventParse, { ok: true }> | AuditRejection | undefined {
  if (line.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { where, reason: `not JSON: ${(error as Error).message}` };
  }
  const parsed = parseAuditEvent(value);
  return parsed.ok ? parsed : { where, reason: parsed.reason };
}
