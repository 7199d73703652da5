import { createWriteStream } from "node:fs";
import type { Alert } from "../../monitor/alert.ts";
import { createMonitor } from "../../monitor/monitor.ts";
import { rules } from "../../rules/index.ts";
import type { JsonAnswer } from "../http-server.ts";
import type { ServerMetrics } from "../metrics.ts";
import { answerAudit } from "./handler.ts";
import { streamSink, webhookSink, type AlertSink } from "./sinks.ts";
import { openSqliteStore } from "./sqlite-store.ts";

export interface AuditServiceOptions {
  readonly dbPath: string;
  /** ECS alert lines go here; `-` is stdout. */
  readonly alertsFile: string;
  readonly alertWebhook?: string;
  readonly retentionDays: number;
  readonly trustedNetworks: readonly string[];
  readonly learningSeconds: number;
  readonly metrics: ServerMetrics;
  readonly now: () => Date;
  readonly log: (entry: Record<string, unknown>) => void;
  readonly stdout: NodeJS.WritableStream;
}

export interface AuditService {
  /** Answers a POSTed EventList: the parsed body and the bytes it was parsed from. */
  readonly handle: (body: unknown, bytes: Buffer) => Promise<JsonAnswer>;
  /** Resolves when the store can take a batch soon; see {@link EventStore.ready}. */
  readonly ready: () => Promise<void>;
  readonly close: () => Promise<void>;
}

const HOUR_MS = 3_600_000;

/** The audit sink of `tenet serve`: store, rules and baselines, alert sinks, retention. */
export function createAuditService(options: AuditServiceOptions): AuditService {
  const store = openSqliteStore(options.dbPath);
  // The baselines carry on from what the store remembers; until it has answered, batches wait.
  const judge = store.loadBaselines().then((known) =>
    createMonitor({
      rules,
      baseline: {
        learningSeconds: options.learningSeconds,
        trustedNetworks: options.trustedNetworks,
      },
      known,
    }),
  );
  judge.catch((error: unknown) => {
    options.metrics.storeErrors.inc({ operation: "load-baselines" });
    options.log({ msg: "cannot load baselines", error: String(error) });
  });
  const file =
    options.alertsFile === "-" ? undefined : createWriteStream(options.alertsFile, { flags: "a" });
  const sinks: AlertSink[] = [streamSink(file ?? options.stdout)];
  const webhook =
    options.alertWebhook === undefined
      ? undefined
      : webhookSink({ url: options.alertWebhook, log: options.log });
  if (webhook !== undefined) sinks.push(webhook.sink);
  const prune = async (): Promise<void> => {
    try {
      const cutoff = new Date(options.now().getTime() - options.retentionDays * 24 * HOUR_MS);
      const removed = await store.prune(cutoff);
      if (removed.events + removed.alerts > 0) options.log({ msg: "retention", ...removed });
    } catch (error) {
      options.metrics.storeErrors.inc({ operation: "prune" });
      options.log({ msg: "retention failed", error: String(error) });
    }
  };
  void prune();
  const timer = setInterval(() => void prune(), HOUR_MS);
  timer.unref();
  return {
    ready: store.ready,
    handle: async (body, bytes) => {
      let ready;
      try {
        ready = await judge;
      } catch {
        return { status: 503, body: { error: "store unavailable, retry" } };
      }
      return answerAudit(body, bytes, {
        store,
        judge: ready,
        emit: (alerts: readonly Alert[]) => {
          for (const sink of sinks) sink(alerts);
        },
        metrics: options.metrics,
        now: options.now,
        log: options.log,
      });
    },
    close: async () => {
      clearInterval(timer);
      await webhook?.flush();
      if (file !== undefined) await new Promise((resolve) => file.end(resolve));
      await store.close();
    },
  };
}
