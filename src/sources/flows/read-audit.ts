import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { SourceError } from "../../model/errors.ts";
import { parseAuditLine, type AuditRejection } from "../audit/parse-batch.ts";
import type { ParsedAuditEvent } from "../audit/parse-event.ts";

/** A window of event time (the stageTimestamp): `since` included, `until` excluded. */
export interface TimeWindow {
  readonly since?: Date;
  readonly until?: Date;
}

/** What authorization sees of an audited request: no bodies, IDs, addresses or times. */
export type AuditRequestFields = Pick<
  ParsedAuditEvent,
  | "stage"
  | "verb"
  | "requestURI"
  | "user"
  | "impersonatedUser"
  | "objectRef"
  | "responseCode"
  | "annotations"
>;

export interface AuditRead {
  /** Events read in the window (every stage), repeats included. */
  readonly events: number;
  readonly rejected: AuditRejection[];
}

// Past this many shapes the memory of them starts again (a log of RequestResponse bodies has few
// repeats): a line of a forgotten shape is parsed again, nothing else changes.
const MAX_SHAPES = 50_000;

/**
 * The members that change with every event and mean nothing to authorization: a line with their
 * values masked that equals an earlier good line is the same request, and need not be parsed.
 * A masked value holds no quote, backslash or control character and sits between `":"` and `"`,
 * whose quotes are unescaped: in valid JSON it is always a string's content, so the masked line
 * is valid JSON of the same shape as the earlier one.
 */
const VOLATILE = ['"auditID":"', '"requestReceivedTimestamp":"', '"stageTimestamp":"'] as const;

/** Where one volatile member's value lies; "ambiguous" when it is there but not maskable. */
function volatileValue(
  line: string,
  name: string,
): { start: number; end: number } | "ambiguous" | undefined {
  const at = line.indexOf(name);
  if (at < 0) return undefined;
  const start = at + name.length;
  const end = line.indexOf('"', start);
  if (end < 0) return "ambiguous";
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c === 92 || c < 32) return "ambiguous";
  }
  return { start, end };
}

/**
 * Whether a name occurs once. Only a line with one auditID and one stageTimestamp is remembered
 * (with two, a body's could be masked instead of the event's own). A later line masked alike has
 * its occurrences in the same places (a masked value holds no quote, so none hides in one), so
 * it needs no such check.
 */
function isOnce(line: string, name: string): boolean {
  return !line.includes(name, line.indexOf(name) + 1);
}

/** The line with the volatile values masked, and the two that parseAuditEvent checks. */
function maskLine(
  line: string,
): { masked: string; auditID: string; stageTimestamp: string } | undefined {
  const id = volatileValue(line, VOLATILE[0]);
  const received = volatileValue(line, VOLATILE[1]);
  const stamp = volatileValue(line, VOLATILE[2]);
  if (typeof id !== "object" || typeof stamp !== "object" || received === "ambiguous")
    return undefined;
  const ranges = received === undefined ? [id, stamp] : [id, received, stamp];
  ranges.sort((x, y) => x.start - y.start);
  let masked = "";
  let from = 0;
  for (const range of ranges) {
    masked += line.slice(from, range.start);
    from = range.end;
  }
  masked += line.slice(from);
  return {
    masked,
    auditID: line.slice(id.start, id.end),
    stageTimestamp: line.slice(stamp.start, stamp.end),
  };
}

interface Shape {
  readonly fields: AuditRequestFields;
  handed: boolean;
}

/**
 * Reads a JSON-lines audit log (the apiserver's log backend) to the end and hands on the request
 * fields of its events in the window: each distinct request once or more (callers deduplicate),
 * never a repeat of a line that differs from an earlier one only in its ID and times, which
 * costs no parsing. Every bad line is returned with where and why.
 */
export async function readAuditRequests(
  path: string,
  onRequest: (fields: AuditRequestFields) => void,
  window: TimeWindow = {},
): Promise<AuditRead> {
  const since = window.since?.getTime() ?? -Infinity;
  const until = window.until?.getTime() ?? Infinity;
  const isOpen = window.since === undefined && window.until === undefined;
  const isInWindow = (at: number): boolean => isOpen || (at >= since && at < until);
  const rejected: AuditRejection[] = [];
  const shapes = new Map<string, Shape>();
  let events = 0;
  let lineNumber = 0;
  try {
    const lines = createInterface({
      input: createReadStream(path, { encoding: "utf8" }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      lineNumber++;
      const mask = maskLine(line);
      // The checks of parseAuditEvent on what the mask hides; the rest is the earlier line's.
      const at = mask === undefined ? NaN : Date.parse(mask.stageTimestamp);
      const isMaskable = mask !== undefined && mask.auditID !== "" && !Number.isNaN(at);
      const known = isMaskable ? shapes.get(mask.masked) : undefined;
      if (known !== undefined) {
        if (!isInWindow(at)) continue;
        events++;
        if (!known.handed) onRequest(known.fields);
        known.handed = true;
        continue;
      }
      const parsed = parseAuditLine(line, `${path}:${lineNumber}`);
      if (parsed === undefined) continue;
      if ("reason" in parsed) {
        rejected.push(parsed);
        continue;
      }
      const isIn = isInWindow(Date.parse(parsed.stageTimestamp));
      if (isIn) {
        events++;
        onRequest(parsed);
      }
      // Only when the masked values were the event's own (not a nested member's of that name).
      if (
        isMaskable &&
        parsed.auditID === mask.auditID &&
        parsed.stageTimestamp === mask.stageTimestamp &&
        isOnce(line, VOLATILE[0]) &&
        isOnce(line, VOLATILE[2])
      ) {
        if (shapes.size >= MAX_SHAPES) shapes.clear();
        shapes.set(mask.masked, { fields: requestFields(parsed), handed: isIn });
      }
    }
  } catch (error) {
    throw new SourceError(`cannot read the audit log ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { events, rejected };
}

function requestFields(event: ParsedAuditEvent): AuditRequestFields {
  return {
    stage: event.stage,
    verb: event.verb,
    requestURI: event.requestURI,
    user: event.user,
    ...(event.impersonatedUser === undefined ? {} : { impersonatedUser: event.impersonatedUser }),
    ...(event.objectRef === undefined ? {} : { objectRef: event.objectRef }),
    ...(event.responseCode === undefined ? {} : { responseCode: event.responseCode }),
    annotations: event.annotations,
  };
}
