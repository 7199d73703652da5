import type { Alert } from "../../monitor/alert.ts";
import type { AuditEvent } from "../../rules/audit-event.ts";
import type { AuditStore } from "./store.ts";

/** Requests remembered for deduplication when nothing is stored (`tenet monitor` without --db). */
const REMEMBERED = 1 << 20;

/**
 * A store that keeps no events, only their keys for deduplication, and the alerts of this run:
 * for reading a log once, where durability is the log file itself.
 */
export function memoryStore(): AuditStore {
  const seen = new Set<string>();
  // Oldest first, overwritten in a ring: evicting from the Set's front would walk its holes.
  const order: string[] = new Array<string>(REMEMBERED);
  let cursor = 0;
  const alerts: Alert[] = [];
  return {
    ingest: (events, judge) => {
      const fresh: AuditEvent[] = [];
      for (const event of events) {
        const key = `${event.auditID}\u0000${event.stage}`;
        if (seen.has(key)) continue;
        const evicted = order[cursor];
        if (evicted !== undefined) seen.delete(evicted);
        order[cursor] = key;
        cursor = (cursor + 1) % REMEMBERED;
        seen.add(key);
        fresh.push(event);
      }
      const raised = judge(fresh);
      alerts.push(...raised);
      return { stored: fresh.length, duplicates: events.length - fresh.length, alerts: raised };
    },
    countEvents: () => seen.size,
    prune: () => ({ events: 0, alerts: 0 }),
    queryAlerts: (query) => alerts.slice(-(query.limit ?? 1000)).reverse(),
    close: () => undefined,
  };
}
