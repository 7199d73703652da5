// The SQLite side of the embedded store, synchronous (node:sqlite): it runs in the store's worker
// thread (sqlite-worker.ts), so that inserts and fsyncs never stall the event loop that parses
// requests. Rows arrive ready-made; nothing here parses or judges.
import { DatabaseSync } from "node:sqlite";
import { SEVERITIES } from "../../model/check-meta.ts";
import type { BaselineFact } from "../../monitor/baseline.ts";
import type { AlertRow, EventRow } from "./sqlite-rows.ts";
import type { AlertQuery } from "./store.ts";

// Each delivery of an event is stored once: the same audit ID, stage and the two timestamps the
// apiserver set (every retry and every re-read log line carries them unchanged). The audit ID
// alone does not identify a request: clients choose it with the `Audit-ID` header, and keying on
// it would let one request hide behind another's ID. The key leads with the event time, so that
// new entries land at the end of the index, which then costs a commit a few pages, where a key on
// random audit IDs dirtied a page per event and grew slower with the store (58 against 9 µs an
// event at a million rows: bench/monitor/index-growth.ts). The same index serves retention and
// time windows.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  audit_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  ts INTEGER NOT NULL,
  stage_time TEXT NOT NULL,
  received TEXT NOT NULL,
  username TEXT NOT NULL,
  verb TEXT NOT NULL,
  resource TEXT,
  namespace TEXT,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_delivery ON events (ts, audit_id, stage, stage_time, received);
CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL,
  severity_rank INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  stage_time TEXT NOT NULL,
  audit_id TEXT NOT NULL,
  username TEXT NOT NULL,
  namespace TEXT,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS alerts_delivery ON alerts (ts, rule_id, audit_id, stage_time);
CREATE TABLE IF NOT EXISTS baseline_facts (
  identity TEXT NOT NULL,
  fact TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (identity, fact)
) WITHOUT ROWID;
`;

/** `PRAGMA user_version` of the schema above. */
const SCHEMA_VERSION = 2;

/**
 * From the first schema (version 0: keyed on audit ID and stage, bodies as parsed): the rows
 * stay, with empty timestamps, which no new delivery matches.
 */
const MIGRATE_FROM_0 = `
ALTER TABLE events ADD COLUMN stage_time TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN received TEXT NOT NULL DEFAULT '';
DROP INDEX IF EXISTS events_request_stage;
DROP INDEX IF EXISTS events_ts;
ALTER TABLE alerts ADD COLUMN stage_time TEXT NOT NULL DEFAULT '';
DROP INDEX IF EXISTS alerts_rule_request;
DROP INDEX IF EXISTS alerts_ts;
`;

/** Events per multi-row INSERT: fewer statement runs; 10 x 50 parameters stay far below the limit. */
const CHUNK = 50;

export interface AuditDb {
  readonly begin: () => void;
  /** Inserts the rows not stored yet; 1 marks a new row, 0 one already there. */
  readonly insertEvents: (rows: readonly EventRow[]) => Uint8Array;
  readonly insertAlerts: (rows: readonly AlertRow[]) => Uint8Array;
  readonly insertFacts: (facts: readonly BaselineFact[]) => void;
  readonly commit: () => void;
  readonly rollback: () => void;
  readonly countEvents: () => number;
  readonly prune: (before: number) => { readonly events: number; readonly alerts: number };
  readonly loadBaselines: () => BaselineFact[];
  /** Alert bodies (JSON), newest first. */
  readonly queryAlerts: (query: AlertQuery) => string[];
  readonly close: () => void;
}

/**
 * WAL with synchronous=FULL: every commit is fsynced to the write-ahead log before it returns, so
 * an acknowledged batch survives a killed process and a power cut alike (NORMAL survives the
 * first, not the second). Group commit makes one fsync serve many batches.
 */
export function openAuditDb(path: string): AuditDb {
  const db = new DatabaseSync(path);
  // Large pages: an audit event is about a kilobyte, and each page costs a write and a checksum
  // at commit and again at checkpoint; 32 KiB pages halve the commit's CPU against the default
  // 4 KiB (measured: 4.2 -> 1.7 µs an event). Only a new file takes it; WAL mode fixes it after.
  db.exec("PRAGMA page_size = 32768");
  // The default checkpoints every 1000 pages, 32 MiB at this size; half of that bounds the pause.
  db.exec("PRAGMA wal_autocheckpoint = 500");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA busy_timeout = 5000");
  migrate(db);
  const insertEventSql =
    "INSERT OR IGNORE INTO events (audit_id, stage, ts, stage_time, received, username, verb, resource, namespace, body) VALUES ";
  // A body may come as the bytes the event arrived in; it is stored as text all the same.
  const values = "(?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))";
  const insertEvent = db.prepare(`${insertEventSql}${values}`);
  const insertEvents = db.prepare(
    `${insertEventSql}${Array.from({ length: CHUNK }, () => values).join(", ")}`,
  );
  const insertAlert = db.prepare(
    "INSERT OR IGNORE INTO alerts (rule_id, severity_rank, ts, stage_time, audit_id, username, namespace, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  // The earliest time a fact was learned is the one kept.
  const insertFact = db.prepare(
    "INSERT INTO baseline_facts (identity, fact, at) VALUES (?, ?, ?) ON CONFLICT (identity, fact) DO UPDATE SET at = min(at, excluded.at)",
  );
  const count = db.prepare("SELECT count(*) AS n FROM events");
  const pruneEvents = db.prepare("DELETE FROM events WHERE ts < ?");
  const pruneAlerts = db.prepare("DELETE FROM alerts WHERE ts < ?");
  const facts = db.prepare("SELECT identity, fact, at FROM baseline_facts");

  const insertAll = (
    statement: ReturnType<DatabaseSync["prepare"]>,
    rows: readonly (readonly (string | number | null | Uint8Array)[])[],
  ): Uint8Array => {
    const fresh = new Uint8Array(rows.length);
    for (let index = 0; index < rows.length; index += 1)
      fresh[index] = Number(statement.run(...(rows[index] ?? [])).changes) === 1 ? 1 : 0;
    return fresh;
  };

  return {
    begin: () => db.exec("BEGIN IMMEDIATE"),
    insertEvents: (rows) => {
      const fresh = new Uint8Array(rows.length);
      let next = 0;
      // Whole chunks in one statement; when one meets a row already stored (a retried batch),
      // it is undone and its rows inserted one by one, which says which were new.
      for (; next + CHUNK <= rows.length; next += CHUNK) {
        const chunk = rows.slice(next, next + CHUNK);
        db.exec("SAVEPOINT chunk");
        if (Number(insertEvents.run(...chunk.flat()).changes) === CHUNK) {
          db.exec("RELEASE chunk");
          fresh.fill(1, next, next + CHUNK);
          continue;
        }
        db.exec("ROLLBACK TO chunk");
        db.exec("RELEASE chunk");
        fresh.set(insertAll(insertEvent, chunk), next);
      }
      fresh.set(insertAll(insertEvent, rows.slice(next)), next);
      return fresh;
    },
    insertAlerts: (rows) => insertAll(insertAlert, rows),
    insertFacts: (learned) => {
      for (const fact of learned) insertFact.run(fact.identity, fact.fact, fact.at);
    },
    commit: () => db.exec("COMMIT"),
    rollback: () => {
      if (db.isTransaction) db.exec("ROLLBACK");
    },
    countEvents: () => Number(count.get()?.["n"] ?? 0),
    prune: (before) => ({
      events: Number(pruneEvents.run(before).changes),
      alerts: Number(pruneAlerts.run(before).changes),
    }),
    loadBaselines: () =>
      facts.all().map((row) => ({
        identity: String(row["identity"]),
        fact: String(row["fact"]),
        at: Number(row["at"]),
      })),
    queryAlerts: (query) => {
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
      return db
        .prepare(sql)
        .all(...values, query.limit ?? 1000)
        .map((row) => String(row["body"]));
    },
    close: () => db.close(),
  };
}

/** Creates the schema, or brings an older store to it, in one transaction. */
function migrate(db: DatabaseSync): void {
  const version = Number(db.prepare("PRAGMA user_version").get()?.["user_version"] ?? 0);
  if (version === SCHEMA_VERSION) return;
  if (version > SCHEMA_VERSION)
    throw new Error(
      `the store was written by a newer Tenet (schema ${version}; this one reads ${SCHEMA_VERSION})`,
    );
  const existing = db
    .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'events'")
    .get();
  db.exec("BEGIN IMMEDIATE");
  try {
    if (Number(existing?.["n"] ?? 0) > 0) db.exec(MIGRATE_FROM_0);
    db.exec(SCHEMA);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}
