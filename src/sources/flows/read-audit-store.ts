import { DatabaseSync } from "node:sqlite";
import { SourceError } from "../../model/errors.ts";
import { isObject } from "../../model/fields.ts";
import type { AuditRejection } from "../audit/parse-batch.ts";
import { parseAuditEvent } from "../audit/parse-event.ts";
import type { AuditRead, AuditRequestFields, TimeWindow } from "./read-audit.ts";

/**
 * Reads the completed requests of a window from the monitor's SQLite store (written by
 * `tenet serve --audit-db` and `tenet monitor --db`; schema in src/server/audit/sqlite-db.ts),
 * read-only, so a running monitor keeps writing. Its `ts` column is the event's stageTimestamp in
 * milliseconds; its `body` the `audit.k8s.io/v1` Event, as the apiserver sent it where that held
 * no credential. Each goes through the audit parser here, as a line of a log file would.
 */
export function readAuditStore(
  path: string,
  window: TimeWindow,
  onRequest: (fields: AuditRequestFields) => void,
): AuditRead {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: true });
  } catch (error) {
    throw new SourceError(`cannot open the audit store ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const rejected: AuditRejection[] = [];
  const bounds = [
    window.since?.getTime() ?? Number.MIN_SAFE_INTEGER,
    window.until?.getTime() ?? Number.MAX_SAFE_INTEGER,
  ];
  try {
    const rows = db
      .prepare(
        "SELECT id, body FROM events WHERE stage = 'ResponseComplete' AND ts >= ? AND ts < ? ORDER BY ts, id",
      )
      .iterate(...bounds);
    for (const row of rows) {
      const where = `${path}: event row ${String(row["id"])}`;
      const body = parseBody(row["body"]);
      if (typeof body === "string") {
        rejected.push({ where, reason: body });
        continue;
      }
      // Stores written before verbatim bodies kept the parsed event, its response code flat; the
      // parser reads it where the apiserver puts it, as stores do now (they keep the Event as
      // sent).
      const parsed = parseAuditEvent(
        body["responseCode"] === undefined
          ? body
          : { ...body, responseStatus: { code: body["responseCode"] } },
      );
      if (!parsed.ok) {
        rejected.push({ where, reason: parsed.reason });
        continue;
      }
      onRequest(parsed.event);
    }
    // Every stage counts as an event, as in a log file; only completed requests are read.
    const counted = db
      .prepare("SELECT count(*) AS n FROM events WHERE ts >= ? AND ts < ?")
      .get(...bounds);
    return { events: Number(counted?.["n"] ?? 0) - rejected.length, rejected };
  } catch (error) {
    const message = (error as Error).message;
    throw new SourceError(
      message.includes("no such table")
        ? `${path} is not a Tenet audit store (no events table)`
        : `cannot read the audit store ${path}: ${message}`,
      { cause: error },
    );
  } finally {
    db.close();
  }
}

function parseBody(body: unknown): Record<string, unknown> | string {
  if (typeof body !== "string") return "body is not text";
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  return isObject(value) ? value : "not a JSON object";
}
