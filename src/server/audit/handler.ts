import type { Alert } from "../../monitor/alert.ts";
import type { Judge } from "../../monitor/monitor.ts";
import type { AuditEvent } from "../../rules/audit-event.ts";
import { parseEventList, type AuditRejection } from "../../sources/audit/parse-batch.ts";
import type { JsonAnswer } from "../http-server.ts";
import type { ServerMetrics } from "../metrics.ts";
import { StoreBusyError, type EventStore } from "./store.ts";

export interface AuditIngestConfig {
  readonly store: EventStore;
  readonly judge: Judge;
  /** Called with the alerts of a batch once it is durable (sinks: stdout, file, webhook). */
  readonly emit: (alerts: readonly Alert[]) => void;
  readonly metrics: ServerMetrics;
  readonly now: () => Date;
  readonly log: (entry: Record<string, unknown>) => void;
}

/** At most this many rejections are echoed back; all of them are counted. */
const ECHOED_REJECTIONS = 20;

/**
 * The audit webhook backend's endpoint. The answer is 200 only once the batch is durable; a
 * store failure answers 503 and a full store queue 429, so that the apiserver retries (the batch
 * is then deduplicated).
 */
export async function answerAudit(
  body: unknown,
  bytes: Buffer,
  config: AuditIngestConfig,
): Promise<JsonAnswer> {
  const parsed = parseEventList(body, bytes);
  if (!parsed.ok) {
    config.metrics.auditEvents.inc({ result: "rejected" });
    config.log({ msg: "audit batch refused", reason: parsed.reason });
    return { status: 400, body: { error: parsed.reason } };
  }
  if (parsed.rejected.length > 0) {
    config.metrics.auditEvents.inc({ result: "rejected" }, parsed.rejected.length);
    config.log({
      msg: "audit events rejected",
      count: parsed.rejected.length,
      first: parsed.rejected[0],
    });
  }
  // What the answer needs, taken now: nothing below holds the parsed events across the wait for
  // the commit, so that they die young (the garbage collector copies every object that lives).
  const rejected = parsed.rejected;
  const count = parsed.events.length;
  const newest = newestTime(parsed.events);
  const storing = config.store.ingest(parsed.events, config.judge, parsed.verbatim);
  let stored;
  try {
    stored = await storing;
  } catch (error) {
    if (error instanceof StoreBusyError) {
      // Overload, not a failure: counted apart from store errors, and the apiserver retries.
      config.metrics.auditEvents.inc({ result: "throttled" }, count);
      return { status: 429, body: { error: `${error.message}, retry` } };
    }
    config.metrics.storeErrors.inc({ operation: "ingest" });
    config.log({ msg: "audit store failed", error: String(error) });
    return { status: 503, body: { error: "store unavailable, retry" } };
  }
  config.metrics.auditEvents.inc({ result: "stored" }, stored.stored);
  config.metrics.auditEvents.inc({ result: "duplicate" }, stored.duplicates);
  if (Number.isFinite(newest))
    config.metrics.auditIngestLag.set(Math.max(0, (config.now().getTime() - newest) / 1000));
  countAlerts(stored.alerts, config.metrics);
  if (stored.alerts.length > 0) config.emit(stored.alerts);
  return {
    status: 200,
    body: {
      stored: stored.stored,
      duplicates: stored.duplicates,
      rejected: rejected.length,
      alerts: stored.alerts.length,
      ...(rejected.length > 0
        ? {
            rejections: rejected.slice(0, ECHOED_REJECTIONS) satisfies readonly AuditRejection[],
          }
        : {}),
    },
  };
}

/**
 * The newest stage time of a batch, in ms. The apiserver writes every timestamp in one UTC
 * format of fixed width (`2026-06-01T10:00:00.123456Z`), where the greatest string is the latest
 * time: one `Date.parse` then serves the batch. Any other mix is parsed event by event.
 */
function newestTime(events: readonly AuditEvent[]): number {
  let newest = events[0]?.stageTimestamp;
  if (newest === undefined) return Number.NaN;
  for (const { stageTimestamp } of events) {
    if (!sameShape(stageTimestamp, newest))
      return Math.max(...events.map((event) => Date.parse(event.stageTimestamp)));
    if (stageTimestamp > newest) newest = stageTimestamp;
  }
  return Date.parse(newest);
}

function sameShape(time: string, other: string): boolean {
  return (
    time.length === other.length &&
    time[4] === "-" &&
    time[10] === "T" &&
    time.endsWith("Z") &&
    other.endsWith("Z")
  );
}

/** One counter update per rule and severity of the batch, not one per alert. */
function countAlerts(alerts: readonly Alert[], metrics: ServerMetrics): void {
  const counts = new Map<string, { rule: string; severity: string; count: number }>();
  for (const alert of alerts) {
    const key = `${alert.ruleId}\u0000${alert.severity}`;
    const entry = counts.get(key);
    if (entry === undefined)
      counts.set(key, { rule: alert.ruleId, severity: alert.severity, count: 1 });
    else entry.count += 1;
  }
  for (const { rule, severity, count } of counts.values())
    metrics.alerts.inc({ rule, severity }, count);
}
