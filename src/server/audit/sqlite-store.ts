import { DatabaseSync } from "node:sqlite";
import { SEVERITIES } from "../../model/check-meta.ts";
import type { Alert } from "../../monitor/alert.ts";
import type { AuditEvent } from "../../rules/audit-event.ts";
import type { AlertQuery, AuditStore, StoredBatch } from "./store.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  audit_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  ts INTEGER NOT NULL,
  username TEXT NOT NULL,
  verb TEXT NOT NULL,
  resource TEXT,
  namespace TEXT,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_request_stage ON events (audit_id, stage);
CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL,
  severity_rank INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  audit_id TEXT NOT NULL,
  username TEXT NOT NULL,
  namespace TEXT,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS alerts_rule_request ON alerts (rule_id, audit_id);
CREATE INDEX IF NOT EXISTS alerts_ts ON alerts (ts);
`;

/**
 * The embedded store: SQLite through node:sqlite. WAL with synchronous=FULL: every commit is
 * fsynced to the write-ahead log before `ingest` returns, so an acknowledged batch survives a
 * killed process and a power cut alike (NORMAL survives the first, not the second). One fsync per
 * batch of a few hundred events is cheap.
 */
export function openSqliteStore(path: string): AuditStore {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA busy_timeout = 5000");
  db.exec(SCHEMA);
  const insertEvent = db.prepare(
    "INSERT OR IGNORE INTO events (audit_id, stage, ts, username, verb, resource, namespace, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertAlert = db.prepare(
    "INSERT OR IGNORE INTO alerts (rule_id, severity_rank, ts, audit_id, username, namespace, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const count = db.prepare("SELECT count(*) AS n FROM events");
  const pruneEvents = db.prepare("DELETE FROM events WHERE ts < ?");
  const pruneAlerts = db.prepare("DELETE FROM alerts WHERE ts < ?");

  function ingest(
    events: readonly AuditEvent[],
    judge: (fresh: readonly AuditEvent[]) => readonly Alert[],
  ): StoredBatch {
    db.exec("BEGIN IMMEDIATE");
    try {
      const fresh: AuditEvent[] = [];
      for (const event of events) {
        const ref = event.objectRef;
        const result = insertEvent.run(
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
          JSON.stringify(event),
        );
        if (result.changes === 1) fresh.push(event);
      }
      const alerts: Alert[] = [];
      for (const alert of judge(fresh)) {
        const result = insertAlert.run(
          alert.ruleId,
          SEVERITIES.indexOf(alert.severity),
          Date.parse(alert.timestamp),
          alert.auditID,
          alert.user,
          alert.objectRef?.namespace ?? null,
          JSON.stringify(alert),
        );
        if (result.changes === 1) alerts.push(alert);
      }
      db.exec("COMMIT");
      return { stored: fresh.length, duplicates: events.length - fresh.length, alerts };
    } catch (error) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw error;
    }
  }

  function queryAlerts(query: AlertQuery): readonly Alert[] {
    const where: string[] = [];
    const values: (string | number)[] = [];
    if (query.ruleId !== undefined) {
      where.push("rule_id = ?");
      values.push(query.ruleId);
    }
    if (query.minSeverity !== undefined) {
      where.push("severity_rank <= ?");
      values.push(SEVERITIES.indexOf(query.minSeverity));
    }
    if (query.since !== undefined) {
      where.push("ts >= ?");
      values.push(query.since.getTime());
    }
    if (query.user !== undefined) {
      where.push("username = ?");
      values.push(query.user);
    }
    if (query.namespace !== undefined) {
      where.push("namespace = ?");
      values.push(query.namespace);
    }
    const sql = `SELECT body FROM alerts ${where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`} ORDER BY ts DESC, id DESC LIMIT ?`;
    const rows = db.prepare(sql).all(...values, query.limit ?? 1000);
    return rows.map((row) => JSON.parse(String(row["body"])) as Alert);
  }

  return {
    ingest,
    queryAlerts,
    countEvents: () => Number(count.get()?.["n"] ?? 0),
    prune: (before) => ({
      events: Number(pruneEvents.run(before.getTime()).changes),
      alerts: Number(pruneAlerts.run(before.getTime()).changes),
    }),
    close: () => db.close(),
  };
}
