import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { eventList, quietEvent, rawEvent, secretEvent } from "../../../test/monitor/audit-log.ts";
import { auditEvent } from "../../../test/monitor/events.ts";
import { createMonitor } from "../../monitor/monitor.ts";
import { rules } from "../../rules/index.ts";
import { parseEventList } from "../../sources/audit/parse-batch.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import { StoreBusyError } from "./store.ts";

const folders: string[] = [];
function storePath(): string {
  const folder = mkdtempSync(join(tmpdir(), "tenet-store-"));
  folders.push(folder);
  return join(folder, "audit.db");
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const exec = (
  auditID: string,
  stage: "ResponseStarted" | "ResponseComplete" = "ResponseComplete",
) =>
  auditEvent({
    auditID,
    stage,
    verb: "create",
    objectRef: { resource: "pods", subresource: "exec", namespace: "shop", name: "web" },
  });

describe("openSqliteStore", () => {
  it("stores a retried batch once, judging only the new events, across reopening", async () => {
    const path = storePath();
    const judged: string[] = [];
    const judge = createMonitor({ rules });
    const spy = (events: Parameters<typeof judge>[0]) => {
      judged.push(...events.map((event) => `${event.auditID}/${event.stage}`));
      return judge(events);
    };
    const first = openSqliteStore(path);
    const batch = [exec("a"), exec("b"), exec("b", "ResponseStarted")];
    expect(await first.ingest(batch, spy)).toMatchObject({ stored: 3, duplicates: 0 });
    expect(await first.ingest(batch, spy)).toMatchObject({ stored: 0, duplicates: 3, alerts: [] });
    await first.close();
    const again = openSqliteStore(path);
    expect(await again.ingest([exec("a"), exec("c")], spy)).toMatchObject({
      stored: 1,
      duplicates: 1,
    });
    expect(await again.countEvents()).toBe(4);
    expect(judged).toEqual([
      "a/ResponseComplete",
      "b/ResponseComplete",
      "b/ResponseStarted",
      "c/ResponseComplete",
    ]);
    await again.close();
  });

  it("queries alerts by rule, severity, user and time, newest first", async () => {
    const store = openSqliteStore(storePath());
    const judge = createMonitor({ rules });
    await store.ingest(
      [
        exec("a"),
        auditEvent({
          auditID: "s",
          verb: "list",
          username: "bob",
          objectRef: { resource: "secrets" },
          stageTimestamp: "2026-06-01T11:00:00Z",
        }),
        auditEvent({
          auditID: "n",
          verb: "create",
          objectRef: { resource: "services", namespace: "shop", name: "np" },
          requestObject: { spec: { type: "NodePort" } },
        }),
      ],
      judge,
    );
    // Newest first; equal times in the order they were stored, last first.
    expect((await store.queryAlerts({})).map((alert) => alert.ruleId)).toEqual([
      "secrets-list-watch",
      "nodeport-service",
      "pod-exec",
    ]);
    expect(await store.queryAlerts({ ruleId: "pod-exec" })).toHaveLength(1);
    expect(
      (await store.queryAlerts({ minSeverity: "high" })).map((alert) => alert.ruleId).sort(),
    ).toEqual(["pod-exec", "secrets-list-watch"]);
    expect((await store.queryAlerts({ user: "bob" })).map((alert) => alert.ruleId)).toEqual([
      "secrets-list-watch",
    ]);
    expect(await store.queryAlerts({ since: new Date("2026-06-01T10:30:00Z") })).toHaveLength(1);
    expect(await store.queryAlerts({ namespace: "shop", limit: 1 })).toHaveLength(1);
    await store.close();
  });

  it("stores and judges a request that reuses another's audit ID; a redelivery once", async () => {
    const path = storePath();
    const store = openSqliteStore(path);
    const judge = createMonitor({ rules });
    const first = exec("shared");
    // The same client-chosen ID on a later request: other timestamps, the apiserver's own.
    const second = {
      ...exec("shared"),
      requestReceivedTimestamp: "2026-06-01T10:05:00.000000Z",
      stageTimestamp: "2026-06-01T10:05:00.200000Z",
    };
    expect(await store.ingest([first], judge)).toMatchObject({ stored: 1 });
    const later = await store.ingest([second, first], judge);
    expect(later).toMatchObject({ stored: 1, duplicates: 1 });
    expect(later.alerts.map((alert) => [alert.ruleId, alert.timestamp])).toEqual([
      ["pod-exec", second.stageTimestamp],
    ]);
    expect(await store.countEvents()).toBe(2);
    expect(await store.queryAlerts({})).toHaveLength(2);
    await store.close();
  });

  it("brings a store of the first schema to the current one, keeping its rows", async () => {
    const path = storePath();
    const old = new DatabaseSync(path);
    old.exec(`
      CREATE TABLE events (id INTEGER PRIMARY KEY, audit_id TEXT NOT NULL, stage TEXT NOT NULL,
        ts INTEGER NOT NULL, username TEXT NOT NULL, verb TEXT NOT NULL, resource TEXT,
        namespace TEXT, body TEXT NOT NULL);
      CREATE UNIQUE INDEX events_request_stage ON events (audit_id, stage);
      CREATE INDEX events_ts ON events (ts);
      CREATE TABLE alerts (id INTEGER PRIMARY KEY, rule_id TEXT NOT NULL,
        severity_rank INTEGER NOT NULL, ts INTEGER NOT NULL, audit_id TEXT NOT NULL,
        username TEXT NOT NULL, namespace TEXT, body TEXT NOT NULL);
      CREATE UNIQUE INDEX alerts_rule_request ON alerts (rule_id, audit_id);
      CREATE INDEX alerts_ts ON alerts (ts);
      CREATE TABLE baseline_facts (identity TEXT NOT NULL, fact TEXT NOT NULL, at INTEGER NOT NULL,
        PRIMARY KEY (identity, fact)) WITHOUT ROWID;
      INSERT INTO events (audit_id, stage, ts, username, verb, body)
        VALUES ('old', 'ResponseComplete', 1780308000000, 'alice', 'get', '{}');
      INSERT INTO baseline_facts VALUES ('system:serviceaccount:shop:api', 'since', 1780308000000);
    `);
    old.close();
    const store = openSqliteStore(path);
    expect(await store.countEvents()).toBe(1);
    expect(await store.loadBaselines()).toHaveLength(1);
    expect(await store.ingest([exec("new")], createMonitor({ rules }))).toMatchObject({
      stored: 1,
      alerts: [{ ruleId: "pod-exec" }],
    });
    await store.close();
    const db = new DatabaseSync(path, { readOnly: true });
    expect(db.prepare("PRAGMA user_version").get()).toEqual({ user_version: 2 });
    db.close();
  });

  it("rolls a failed batch back whole, so that the retry stores it", async () => {
    const store = openSqliteStore(storePath());
    await expect(
      store.ingest([exec("a")], () => {
        throw new Error("judge failed");
      }),
    ).rejects.toThrow("judge failed");
    expect(await store.countEvents()).toBe(0);
    expect(await store.ingest([exec("a")], () => ({ alerts: [], learned: [] }))).toMatchObject({
      stored: 1,
    });
    await store.close();
  });

  it("prunes events and alerts older than the retention", async () => {
    const store = openSqliteStore(storePath());
    await store.ingest(
      [exec("old"), { ...exec("new"), stageTimestamp: "2026-07-01T00:00:00Z" }],
      createMonitor({ rules }),
    );
    expect(await store.prune(new Date("2026-06-15T00:00:00Z"))).toEqual({ events: 1, alerts: 1 });
    expect(await store.countEvents()).toBe(1);
    await store.close();
  });

  it("commits concurrent batches together, each event and alert once, each batch told its own", async () => {
    const path = storePath();
    const store = openSqliteStore(path);
    const judge = createMonitor({ rules });
    // Sent at once: they share group commits; "b" and "c" are in two batches each.
    const results = await Promise.all([
      store.ingest([exec("a"), exec("b")], judge),
      store.ingest([exec("b"), exec("c")], judge),
      store.ingest([exec("c"), exec("d"), exec("d")], judge),
    ]);
    expect(results.map((batch) => [batch.stored, batch.duplicates])).toEqual([
      [2, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(results.flatMap((batch) => batch.alerts.map((alert) => alert.auditID))).toEqual([
      "a",
      "b",
      "c",
      "d",
    ]);
    expect(await store.countEvents()).toBe(4);
    expect(await store.queryAlerts({})).toHaveLength(4);
    await store.close();
  });

  it("tells new from stored events inside large batches, a retry overlapping a part", async () => {
    const store = openSqliteStore(storePath());
    const judge = () => ({ alerts: [], learned: [] });
    const range = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, index) => exec(`r${from + index}`));
    expect(await store.ingest(range(0, 120), judge)).toMatchObject({ stored: 120 });
    const judged: string[] = [];
    const spy = (events: readonly { auditID: string }[]) => {
      judged.push(...events.map((event) => event.auditID));
      return { alerts: [], learned: [] };
    };
    // 20 stored ones, then 100 new with one repeated inside a chunk.
    const retry = [...range(100, 130), exec("r125"), ...range(130, 220)];
    expect(await store.ingest(retry, spy)).toMatchObject({ stored: 100, duplicates: 21 });
    expect(judged).toEqual(range(120, 220).map((event) => event.auditID));
    expect(await store.countEvents()).toBe(220);
    await store.close();
  });

  it("is ready at once with room, and holds a full transaction's next batch until its commit starts", async () => {
    const store = openSqliteStore(storePath(), { groupEvents: 4 });
    await store.ready();
    const seen: string[] = [];
    let held: Promise<void> | undefined;
    let released = false;
    const judge = (events: readonly { auditID: string }[]) => {
      // Judging the first batch: the transaction is full, the second batch still to judge.
      if (held === undefined)
        held = store.ready().then(() => {
          released = true;
        });
      else seen.push(`${events[0]?.auditID ?? ""} judged, ready ${released ? "given" : "held"}`);
      return { alerts: [], learned: [] };
    };
    const results = await Promise.all([
      store.ingest([exec("a1"), exec("a2")], judge),
      store.ingest([exec("b1"), exec("b2")], judge),
    ]);
    expect(results.map((batch) => batch.stored)).toEqual([2, 2]);
    expect(seen).toEqual(["b1 judged, ready held"]);
    expect(released).toBe(true);
    await store.ready();
    await store.close();
  });

  it("is ready at once while the open transaction has room or the backlog is full", async () => {
    /** Whether `ready()` settled before two turns of the microtask queue (no waiting for I/O). */
    const readyAtOnce = (store: ReturnType<typeof openSqliteStore>, order: string[]): void => {
      void store.ready().then(() => order.push("ready"));
      void Promise.resolve()
        .then(() => undefined)
        .then(() => order.push("two turns later"));
    };
    const roomy = openSqliteStore(storePath(), { groupEvents: 4 });
    const order: string[] = [];
    // Judged inside a transaction holding 2 of its 4 events.
    await roomy.ingest([exec("a1"), exec("a2")], () => {
      readyAtOnce(roomy, order);
      return { alerts: [], learned: [] };
    });
    await roomy.close();
    // A full transaction and a full backlog: the next batch is let through, to be refused.
    const full = openSqliteStore(storePath(), { groupEvents: 2, maxQueuedEvents: 2 });
    await full.ingest([exec("b1"), exec("b2")], () => {
      readyAtOnce(full, order);
      return { alerts: [], learned: [] };
    });
    await full.close();
    expect(order).toEqual(["ready", "two turns later", "ready", "two turns later"]);
  });

  it("gives a held ready() when the full transaction aborts", async () => {
    const store = openSqliteStore(storePath(), { groupEvents: 4 });
    let asked = false;
    let given = false;
    const judge = () => {
      if (asked) throw new Error("the judge failed");
      asked = true;
      void store.ready().then(() => (given = true));
      return { alerts: [], learned: [] };
    };
    const results = await Promise.allSettled([
      store.ingest([exec("a1"), exec("a2")], judge),
      store.ingest([exec("b1"), exec("b2")], judge),
    ]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    // Given when the abort started, before the batches were answered.
    expect(given).toBe(true);
    expect(await store.countEvents()).toBe(0);
    await store.close();
  });

  it("refuses a backlog past its bound as busy, and takes batches again once it drains", async () => {
    const store = openSqliteStore(storePath(), { maxQueuedEvents: 2 });
    const judge = createMonitor({ rules });
    // Both arrive before a group is taken: the second would make the backlog 3 events.
    const first = store.ingest([exec("a"), exec("b")], judge);
    const busy = store.ingest([exec("c")], judge);
    await expect(busy).rejects.toBeInstanceOf(StoreBusyError);
    expect(await first).toMatchObject({ stored: 2 });
    expect(await store.ingest([exec("c")], judge)).toMatchObject({ stored: 1 });
    await store.close();
  });

  it("keeps what the baselines learned: after a reopen, a window and its facts carry on", async () => {
    const path = storePath();
    const sa = "system:serviceaccount:shop:api";
    const read = (auditID: string, minute: number, verb = "get") =>
      auditEvent({
        auditID,
        username: sa,
        verb,
        objectRef: { resource: "configmaps", namespace: "shop", name: "c" },
        stageTimestamp: new Date(Date.UTC(2026, 5, 1, 10, minute)).toISOString(),
      });
    const baseline = { learningSeconds: 600, trustedNetworks: [] };
    const first = openSqliteStore(path);
    const learning = createMonitor({ rules, baseline, known: await first.loadBaselines() });
    expect(await first.ingest([read("r1", 0), read("r2", 1, "list")], learning)).toMatchObject({
      alerts: [],
    });
    await first.close();
    const second = openSqliteStore(path);
    const known = await second.loadBaselines();
    expect(known.map((fact) => fact.fact).sort()).toEqual([
      "action get configmaps shop",
      "action list configmaps shop",
      "agent kubectl/v1.34.0",
      "ip 10.0.0.7",
      "since",
    ]);
    const judge = createMonitor({ rules, baseline, known });
    // Past the window: what was learned before the restart is quiet, a new action is not.
    const after = await second.ingest([read("r3", 30), read("r4", 31, "delete")], judge);
    expect(after.alerts.map((alert) => [alert.ruleId, alert.auditID])).toEqual([
      ["baseline-new-action", "r4"],
    ]);
    await second.close();
  });

  it("rejects, never crashes, when the file cannot be opened, and says why", async () => {
    const store = openSqliteStore(join(storePath(), "no-such-folder", "audit.db"));
    await expect(store.ingest([exec("a")], createMonitor({ rules }))).rejects.toThrow(
      /unable to open database file/,
    );
    await expect(store.loadBaselines()).rejects.toThrow(/unable to open/);
    await store.close();
  });

  it("keeps no Secret data: the stored body of a Secret read is metadata only", async () => {
    const text = JSON.stringify(eventList([secretEvent("sec", "get", "c3VwZXJzZWNyZXQ=")]));
    // As the webhook receives it: the text comes with the events, and this one must not be kept.
    const parsed = parseEventList(JSON.parse(text), Buffer.from(text));
    if (!parsed.ok) throw new Error(parsed.reason);
    const path = storePath();
    const store = openSqliteStore(path);
    expect(
      await store.ingest(parsed.events, createMonitor({ rules }), parsed.verbatim),
    ).toMatchObject({
      stored: 1,
    });
    await store.close();
    for (const file of readdirSync(dirname(path)))
      expect(readFileSync(join(dirname(path), file)).includes("c3VwZXJzZWNyZXQ=")).toBe(false);
    expect(storedBodies(path)).toEqual([expect.stringContaining('"name":"db"')]);
  });

  it("keeps each event as the text it came in, byte for byte", async () => {
    const items = [rawEvent("a", { extra: { zoë: "🚀" } }), quietEvent("b")];
    // Spacing and field order a re-serialisation would not keep.
    const text = `{"items": [${JSON.stringify(items[0], null, 2)} ,\n${JSON.stringify(items[1])}], "kind":"EventList","apiVersion":"audit.k8s.io/v1"}`;
    const parsed = parseEventList(JSON.parse(text), Buffer.from(text));
    if (!parsed.ok) throw new Error(parsed.reason);
    const path = storePath();
    const store = openSqliteStore(path);
    await store.ingest(parsed.events, createMonitor({ rules }), parsed.verbatim);
    await store.close();
    expect(storedBodies(path)).toEqual([
      JSON.stringify(items[0], null, 2),
      JSON.stringify(items[1]),
    ]);
  });

  it("acknowledges exactly the batches it stored, when judging fails inside a shared transaction", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            ids: fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f"), {
              minLength: 1,
              maxLength: 4,
            }),
            fails: fc.boolean(),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        async (batches) => {
          const path = storePath();
          const store = openSqliteStore(path);
          const judge = createMonitor({ rules });
          const settled = await Promise.allSettled(
            batches.map(({ ids, fails }) =>
              store.ingest(
                ids.map((id) => exec(id)),
                (events) => {
                  if (fails) throw new Error("judge failed");
                  return judge(events);
                },
              ),
            ),
          );
          const acknowledged = new Set(
            batches.flatMap((batch, index) =>
              settled[index]?.status === "fulfilled" ? batch.ids : [],
            ),
          );
          // Every batch that failed judging is refused; what is stored is exactly the union of
          // the acknowledged batches (a failure sinks its whole transaction, nothing else).
          batches.forEach((batch, index) => {
            if (batch.fails) expect(settled[index]?.status).toBe("rejected");
          });
          await store.close();
          expect(storedIds(path)).toEqual([...acknowledged].sort());
        },
      ),
      { numRuns: 25 },
    );
  });
});

/** A column of the events table, in insertion order, read as any SQLite client would. */
function storedColumn(path: string, column: "body" | "audit_id"): unknown[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db
      .prepare(`SELECT ${column} AS value FROM events ORDER BY id`)
      .all()
      .map((row) => row["value"]);
  } finally {
    db.close();
  }
}
const storedBodies = (path: string) => storedColumn(path, "body");
const storedIds = (path: string) => storedColumn(path, "audit_id").sort();
