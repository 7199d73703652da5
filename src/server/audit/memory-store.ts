import type { Alert } from "../../monitor/alert.ts";
import type { BaselineFact } from "../../monitor/baseline.ts";
import { deliveryKey, type AuditEvent } from "../../rules/audit-event.ts";
import type { AuditStore } from "./store.ts";

/** Requests remembered for deduplication when nothing is stored (`tenet monitor` without --db). */
const REMEMBERED = 1 << 20;

/**
 * A store that keeps no events, only their keys for deduplication, and the alerts and baseline
 * facts of this run: for reading a log once, where durability is the log file itself.
 */
export function memoryStore(): AuditStore {
  const seen = new Set<string>();
  // Oldest first, overwritten in a ring: evicting from the Set's front would walk its holes.
  const order: string[] = new Array<string>(REMEMBERED);
  let cursor = 0;
  const alerts: Alert[] = [];
  const facts: BaselineFact[] = [];
  return {
    ready: () => Promise.resolve(),
    ingest: (events, judge) => {
      const fresh: AuditEvent[] = [];
      const keys = new Set<string>();
      for (const event of events) {
        const key = deliveryKey(event);
        if (seen.has(key) || keys.has(key)) continue;
        keys.add(key);
        fresh.push(event);
      }
      try {
        const judged = judge(fresh);
        // Remembered only once judged, as a transaction would: a failed batch is new on retry.
        for (const key of keys) {
          const evicted = order[cursor];
          if (evicted !== undefined) seen.delete(evicted);
          order[cursor] = key;
          cursor = (cursor + 1) % REMEMBERED;
          seen.add(key);
        }
        alerts.push(...judged.alerts);
        facts.push(...judged.learned);
        return Promise.resolve({
          stored: fresh.length,
          duplicates: events.length - fresh.length,
          alerts: judged.alerts,
        });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    countEvents: () => Promise.resolve(seen.size),
    prune: () => Promise.resolve({ events: 0, alerts: 0 }),
    loadBaselines: () => Promise.resolve([...facts]),
    queryAlerts: (query) => Promise.resolve(alerts.slice(-(query.limit ?? 1000)).reverse()),
    close: () => Promise.resolve(),
  };
}
