// No event lost: SIGKILL `tenet serve` during a sustained ingest, restart it on the same store,
// let the client retry what was not acknowledged, and find every acknowledged event exactly once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { eventList, quietEvent, rawEvent } from "./audit-log.ts";
import { exited, postAudit, startAuditServer, type RunningServer } from "./audit-server.ts";

const dir = mkdtempSync(join(tmpdir(), "tenet-reliability-"));
const db = join(dir, "audit.db");
const running: RunningServer[] = [];
afterAll(() => {
  for (const server of running) server.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

// The fixture events are dated 2026-06-01: keep them past the default 30-day retention.
const KEEP = ["--retention-days", "36500"];
const BATCHES = 60;
const PER_BATCH = 100;
const batchIds = (batch: number) =>
  Array.from({ length: PER_BATCH }, (_, index) => `b${batch}-e${index}`);
const body = (batch: number) =>
  JSON.stringify(
    eventList(
      batchIds(batch).map((id, index) => (index % 10 === 0 ? rawEvent(id) : quietEvent(id))),
    ),
  );

describe("audit ingest under SIGKILL", () => {
  it("keeps every acknowledged event exactly once after a kill and a retry", async () => {
    const acknowledged = new Set<number>();
    const first = await startAuditServer(dir, db, KEEP);
    running.push(first);
    // Four senders at once, so batches are in flight when the kill lands.
    let next = 0;
    let killed = false;
    const sender = async (): Promise<void> => {
      while (next < BATCHES) {
        const batch = next++;
        const status = await postAudit(first, body(batch));
        if (status === 200) acknowledged.add(batch);
        if (!killed && acknowledged.size >= 15) {
          killed = true;
          first.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    await exited(first.child);
    expect(killed).toBe(true);
    const beforeRestart = new Set(acknowledged);
    expect(beforeRestart.size).toBeLessThan(BATCHES);

    // The apiserver retries what was not acknowledged; resend some acknowledged ones too.
    const second = await startAuditServer(dir, db, KEEP);
    running.push(second);
    for (let batch = 0; batch < BATCHES; batch += 1) {
      if (acknowledged.has(batch) && batch % 3 !== 0) continue;
      expect(await postAudit(second, body(batch))).toBe(200);
      acknowledged.add(batch);
    }
    second.child.kill("SIGTERM");
    await exited(second.child);

    const store = new DatabaseSync(db, { readOnly: true });
    const rows = store
      .prepare("SELECT audit_id, count(*) AS n FROM events GROUP BY audit_id, stage")
      .all();
    const alerts = store.prepare("SELECT count(*) AS n FROM alerts").get();
    store.close();
    const counts = new Map(rows.map((row) => [String(row["audit_id"]), Number(row["n"])]));
    const expected = [...acknowledged].flatMap(batchIds);
    expect(expected).toHaveLength(BATCHES * PER_BATCH);
    expect(expected.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(counts.size).toBe(BATCHES * PER_BATCH);
    // One exec per ten events, each alerted once however often its batch was sent.
    expect(Number(alerts?.["n"])).toBe((BATCHES * PER_BATCH) / 10);
  });
});
