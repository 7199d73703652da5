// `node bench/monitor/index-growth.ts`: what an insert into the events table costs as the store
// grows, under the unique key of the first schema (audit ID, stage: random UUIDs) and under the
// current one (led by the event time). Plain SQLite with the store's settings (WAL,
// synchronous=FULL, 32 KiB pages), 4,000 events a transaction, 50 a statement, random UUIDs as the
// apiserver writes them; no server. Results in bench/monitor/history.md.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

const TOTAL = Number(process.env["BENCH_INDEX_EVENTS"] ?? 1_000_000);
const REPORT_EVERY = 200_000;
const BODY = Buffer.from("x".repeat(730));

const KEYS = {
  "audit ID, stage (schema 0)":
    "CREATE UNIQUE INDEX events_request_stage ON events (audit_id, stage); CREATE INDEX events_ts ON events (ts);",
  "time, audit ID, stage, timestamps (schema 2)":
    "CREATE UNIQUE INDEX events_delivery ON events (ts, audit_id, stage, stage_time, received);",
} as const;

function run(label: string, indexes: string): void {
  const dir = mkdtempSync(join(tmpdir(), "tenet-index-growth-"));
  const db = new DatabaseSync(join(dir, "audit.db"));
  try {
    db.exec("PRAGMA page_size = 32768");
    db.exec("PRAGMA wal_autocheckpoint = 500");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    db.exec(`CREATE TABLE events (id INTEGER PRIMARY KEY, audit_id TEXT NOT NULL,
      stage TEXT NOT NULL, ts INTEGER NOT NULL, stage_time TEXT NOT NULL, received TEXT NOT NULL,
      username TEXT NOT NULL, verb TEXT NOT NULL, resource TEXT, namespace TEXT,
      body TEXT NOT NULL); ${indexes}`);
    const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))";
    const insert = db.prepare(
      `INSERT OR IGNORE INTO events (audit_id, stage, ts, stage_time, received, username, verb, resource, namespace, body) VALUES ${Array.from({ length: 50 }, () => row).join(", ")}`,
    );
    let count = 0;
    let wall = performance.now();
    let cpu = process.cpuUsage();
    while (count < TOTAL) {
      db.exec("BEGIN IMMEDIATE");
      for (let statement = 0; statement < 80; statement += 1) {
        const values: (string | number | Buffer)[] = [];
        for (let event = 0; event < 50; event += 1, count += 1) {
          const ms = Date.UTC(2026, 10, 27) + count * 2;
          const at = new Date(ms).toISOString().replace("Z", "123Z");
          values.push(
            randomUUID(),
            "ResponseComplete",
            ms,
            at,
            at,
            "system:serviceaccount:shop:api",
          );
          values.push("get", "pods", "shop", BODY);
        }
        insert.run(...values);
      }
      db.exec("COMMIT");
      if (count % REPORT_EVERY === 0) {
        const used = process.cpuUsage(cpu);
        const micros = (value: number): string => (value / REPORT_EVERY).toFixed(1);
        process.stdout.write(
          `| ${label} | ${count.toLocaleString("en")} | ${micros((performance.now() - wall) * 1000)} | ${micros(used.user + used.system)} |\n`,
        );
        wall = performance.now();
        cpu = process.cpuUsage();
      }
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.stdout.write(
  "| unique key | events stored | wall µs/event (last 200k) | CPU µs/event |\n|---|---|---|---|\n",
);
for (const [label, indexes] of Object.entries(KEYS)) run(label, indexes);
