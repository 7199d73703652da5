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
  const alerts: Alert[] = [];
  return {
    ingest: (events, judge) => {
      const fresh: AuditEvent[] = [];
      for (const event of events) {
        const key = `${event.auditID}\u0000${event.stage}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (seen.size > REMEMBERED) seen.delete(seen.values().next().value as string);
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
