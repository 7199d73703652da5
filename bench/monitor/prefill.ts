// Fills a fresh store with `count` events of the benchmark's mix, older than any it will measure,
// through the store's own SQLite layer: a monitor that has run for a while holds millions of
// events, and what an insert costs can depend on what is already there.
import { openAuditDb } from "../../src/server/audit/sqlite-db.ts";
import { eventColumns, type EventRow } from "../../src/server/audit/sqlite-rows.ts";
import { parseAuditEvent } from "../../src/sources/audit/parse-event.ts";
import { mixedEvent } from "./events.ts";

const TRANSACTION = 10_000;

export function prefillStore(path: string, count: number): void {
  const db = openAuditDb(path);
  try {
    for (let from = 0; from < count; from += TRANSACTION) {
      const rows: EventRow[] = [];
      for (let index = from; index < Math.min(count, from + TRANSACTION); index += 1) {
        // Negative indexes of the mix: the same kinds of events, before the measured ones.
        const raw = { ...mixedEvent(index - count), auditID: `prefill-${index}` };
        const parsed = parseAuditEvent(raw);
        if (!parsed.ok) throw new Error(parsed.reason);
        rows.push([...eventColumns(parsed.event), JSON.stringify(raw)]);
      }
      db.begin();
      db.insertEvents(rows);
      db.commit();
    }
  } finally {
    db.close();
  }
}
