import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { auditEvent } from "../../../test/monitor/events.ts";
import { createMonitor } from "../../monitor/monitor.ts";
import { rules } from "../../rules/index.ts";
import { parseAuditEvent } from "../../sources/audit/parse-event.ts";
import { openSqliteStore } from "./sqlite-store.ts";

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
  it("stores a retried batch once, judging only the new events, across reopening", () => {
    const path = storePath();
    const judged: string[] = [];
    const judge = createMonitor({ rules });
    const spy = (events: Parameters<typeof judge>[0]) => {
      judged.push(...events.map((event) => `${event.auditID}/${event.stage}`));
      return judge(events);
    };
    const first = openSqliteStore(path);
    const batch = [exec("a"), exec("b"), exec("b", "ResponseStarted")];
    expect(first.ingest(batch, spy)).toMatchObject({ stored: 3, duplicates: 0 });
    expect(first.ingest(batch, spy)).toMatchObject({ stored: 0, duplicates: 3, alerts: [] });
    first.close();
    const again = openSqliteStore(path);
    expect(again.ingest([exec("a"), exec("c")], spy)).toMatchObject({ stored: 1, duplicates: 1 });
    expect(again.countEvents()).toBe(4);
    expect(judged).toEqual([
      "a/ResponseComplete",
      "b/ResponseComplete",
      "b/ResponseStarted",
      "c/ResponseComplete",
    ]);
    again.close();
  });

  it("queries alerts by rule, severity, user and time, newest first", () => {
    const store = openSqliteStore(storePath());
    const judge = createMonitor({ rules });
    store.ingest(
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
    expect(store.queryAlerts({}).map((alert) => alert.ruleId)).toEqual([
      "secrets-list-watch",
      "nodeport-service",
      "pod-exec",
    ]);
    expect(store.queryAlerts({ ruleId: "pod-exec" })).toHaveLength(1);
    expect(
      store
        .queryAlerts({ minSeverity: "high" })
        .map((alert) => alert.ruleId)
        .sort(),
    ).toEqual(["pod-exec", "secrets-list-watch"]);
    expect(store.queryAlerts({ user: "bob" }).map((alert) => alert.ruleId)).toEqual([
      "secrets-list-watch",
    ]);
    expect(store.queryAlerts({ since: new Date("2026-06-01T10:30:00Z") })).toHaveLength(1);
    expect(store.queryAlerts({ namespace: "shop", limit: 1 })).toHaveLength(1);
    store.close();
  });

  it("rolls a failed batch back whole, so that the retry stores it", () => {
    const store = openSqliteStore(storePath());
    expect(() =>
      store.ingest([exec("a")], () => {
        throw new Error("judge failed");
      }),
    ).toThrow("judge failed");
    expect(store.countEvents()).toBe(0);
    expect(store.ingest([exec("a")], () => [])).toMatchObject({ stored: 1 });
    store.close();
  });

  it("prunes events and alerts older than the retention", () => {
    const store = openSqliteStore(storePath());
    store.ingest(
      [exec("old"), { ...exec("new"), stageTimestamp: "2026-07-01T00:00:00Z" }],
      createMonitor({ rules }),
    );
    expect(store.prune(new Date("2026-06-15T00:00:00Z"))).toEqual({ events: 1, alerts: 1 });
    expect(store.countEvents()).toBe(1);
    store.close();
  });

  it("keeps no Secret data: the stored body of a Secret read is metadata only", () => {
    const parsed = parseAuditEvent({
      apiVersion: "audit.k8s.io/v1",
      kind: "Event",
      auditID: "sec",
      stage: "ResponseComplete",
      verb: "get",
      user: { username: "alice" },
      objectRef: { resource: "secrets", namespace: "shop", name: "db" },
      responseObject: {
        kind: "Secret",
        metadata: { name: "db" },
        data: { password: "c3VwZXJzZWNyZXQ=" },
      },
      stageTimestamp: "2026-06-01T10:00:00Z",
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    const path = storePath();
    const store = openSqliteStore(path);
    store.ingest([parsed.event], createMonitor({ rules }));
    store.close();
    for (const file of readdirSync(dirname(path)))
      expect(readFileSync(join(dirname(path), file)).includes("c3VwZXJzZWNyZXQ=")).toBe(false);
  });
});
