import type { Alert } from "../../monitor/alert.ts";
import type { Judge } from "../../monitor/monitor.ts";
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
  let stored;
  try {
    stored = await config.store.ingest(parsed.events, config.judge, parsed.verbatim);
  } catch (error) {
    if (error instanceof StoreBusyError) {
      // Overload, not a failure: counted apart from store errors, and the apiserver retries.
      config.metrics.auditEvents.inc({ result: "throttled" }, parsed.events.length);
      return { status: 429, body: { error: `${error.message}, retry` } };
    }
    config.metrics.storeErrors.inc({ operation: "ingest" });
    config.log({ msg: "audit store failed", error: String(error) });
    return { status: 503, body: { error: "store unavailable, retry" } };
  }
  config.metrics.auditEvents.inc({ result: "stored" }, stored.stored);
  config.metrics.auditEvents.inc({ result: "duplicate" }, stored.duplicates);
  const newest = Math.max(...parsed.events.map((event) => Date.parse(event.stageTimestamp)));
  if (Number.isFinite(newest))
    config.metrics.auditIngestLag.set(Math.max(0, (config.now().getTime() - newest) / 1000));
  for (const alert of stored.alerts)
    config.metrics.alerts.inc({ rule: alert.ruleId, severity: alert.severity });
  if (stored.alerts.length > 0) config.emit(stored.alerts);
  return {
    status: 200,
    body: {
      stored: stored.stored,
      duplicates: stored.duplicates,
      rejected: parsed.rejected.length,
      alerts: stored.alerts.length,
      ...(parsed.rejected.length > 0
        ? {
            rejections: parsed.rejected.slice(
              0,
              ECHOED_REJECTIONS,
            ) satisfies readonly AuditRejection[],
          }
        : {}),
    },
  };
}
