import { isObject, stringAt } from "../../model/fields.ts";
import { AUDIT_API_VERSION, parseAuditEvent, type ParsedAuditEvent } from "./parse-event.ts";

/** An input that could not be read, with where it was and why. Counted, reported, skipped. */
export interface AuditRejection {
  /** `items[3]` in an EventList, `file:12` for a log line. */
  readonly where: string;
  readonly reason: string;
}

export interface AuditBatch {
  readonly events: readonly ParsedAuditEvent[];
  readonly rejected: readonly AuditRejection[];
}

export type EventListParse =
  ({ readonly ok: true } & AuditBatch) | { readonly ok: false; readonly reason: string };

/**
 * The body the apiserver's webhook backend posts: an `audit.k8s.io/v1` EventList. A body that is
 * not one is refused as a whole; inside one, each bad item is rejected and the rest kept.
 */
export function parseEventList(body: unknown): EventListParse {
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
  const events: ParsedAuditEvent[] = [];
  const rejected: AuditRejection[] = [];
  (Array.isArray(items) ? (items as unknown[]) : []).forEach((item, index) => {
    const parsed = parseAuditEvent(item);
    if (parsed.ok) events.push(parsed.event);
    else rejected.push({ where: `items[${index}]`, reason: parsed.reason });
  });
  return { ok: true, events, rejected };
}

/**
 * One line of a JSON-lines audit log (the apiserver's log backend, `--audit-log-format=json`).
 * Blank lines are neither events nor errors.
 */
export function parseAuditLine(
  line: string,
  where: string,
): ParsedAuditEvent | AuditRejection | undefined {
  if (line.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { where, reason: `not JSON: ${(error as Error).message}` };
  }
  const parsed = parseAuditEvent(value);
  return parsed.ok ? parsed.event : { where, reason: parsed.reason };
}
