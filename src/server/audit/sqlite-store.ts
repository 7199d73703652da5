import { Worker } from "node:worker_threads";
import type { Alert } from "../../monitor/alert.ts";
import type { BaselineFact } from "../../monitor/baseline.ts";
import type { Judge, Judgement } from "../../monitor/monitor.ts";
import type { AuditEvent } from "../../rules/audit-event.ts";
import { alertRow, encodeEvents } from "./sqlite-rows.ts";
import type { StoreReply, StoreRequest } from "./sqlite-worker.ts";
import { StoreBusyError, type AuditStore, type StoredBatch } from "./store.ts";

export interface SqliteStoreOptions {
  /** Events allowed to wait for the next group commit; past that, ingest says busy. */
  readonly maxQueuedEvents?: number;
}

/** About two seconds of the target rate: enough to ride out an fsync stall, bounded memory. */
const MAX_QUEUED_EVENTS = 100_000;

interface Waiting {
  readonly events: readonly AuditEvent[];
  /** The events encoded for the worker, done here as each batch arrives. */
  readonly rows: string;
  readonly judge: Judge;
  readonly resolve: (batch: StoredBatch) => void;
  readonly reject: (error: Error) => void;
}

type Request = StoreRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

// Sources run as TypeScript in a checkout and as JavaScript once compiled.
const workerFile = import.meta.url.endsWith(".ts") ? "./sqlite-worker.ts" : "./sqlite-worker.js";

/**
 * The embedded store: SQLite (WAL, synchronous=FULL) written by a worker thread, with group
 * commit. Batches that arrive while a commit is under way wait, and the next transaction takes
 * them all: their new events are inserted, judged here (rules and baselines run on this thread,
 * where their state lives), and their alerts and baseline facts inserted before the one COMMIT,
 * whose fsync makes them all durable. Each batch's promise resolves only after that commit.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): AuditStore {
  const maxQueued = options.maxQueuedEvents ?? MAX_QUEUED_EVENTS;
  const worker = new Worker(new URL(workerFile, import.meta.url), { workerData: { path } });
  const calls = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  let nextId = 1;
  let failure: Error | undefined;
  // The worker keeps the process alive only while it owes an answer.
  worker.unref();
  worker.on("message", (reply: StoreReply) => {
    const call = calls.get(reply.id);
    calls.delete(reply.id);
    if (calls.size === 0) worker.unref();
    if (reply.ok) call?.resolve(reply.value);
    else call?.reject(new Error(reply.error));
  });
  const fail = (error: Error): void => {
    failure ??= error;
    for (const call of calls.values()) call.reject(error);
    calls.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`store worker exited with code ${code}`)));

  const call = (request: Request): Promise<unknown> => {
    if (failure !== undefined) return Promise.reject(failure);
    const id = nextId++;
    if (calls.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      calls.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  };

  // One operation at a time: a group commit spans two calls and nothing may come between them.
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const result = chain.then(task, task);
    chain = result.catch(() => undefined);
    return result;
  };

  let waiting: Waiting[] = [];
  let queued = 0;
  let scheduled = false;

  async function commitGroup(): Promise<void> {
    scheduled = false;
    const group = waiting;
    waiting = [];
    queued = 0;
    try {
      const fresh = (await call({
        op: "insert",
        batches: group.map((batch) => batch.rows),
      })) as Uint8Array[];
      let judged: Judgement[];
      try {
        judged = group.map((batch, index) =>
          batch.judge(batch.events.filter((_, row) => fresh[index]?.[row] === 1)),
        );
      } catch (error) {
        await call({ op: "abort" });
        throw error;
      }
      const facts: BaselineFact[] = judged.flatMap((judgement) => judgement.learned);
      const kept = (await call({
        op: "finish",
        alerts: judged.map((judgement) => judgement.alerts.map(alertRow)),
        facts,
      })) as Uint8Array[];
      group.forEach((batch, index) => {
        const stored = (fresh[index] ?? new Uint8Array()).reduce((sum, flag) => sum + flag, 0);
        const alerts = judged[index]?.alerts ?? [];
        batch.resolve({
          stored,
          duplicates: batch.events.length - stored,
          alerts: alerts.filter((_, row) => kept[index]?.[row] === 1),
        });
      });
    } catch (error) {
      const reason = error instanceof Error ? error : new Error(String(error));
      for (const batch of group) batch.reject(reason);
    }
  }

  return {
    ingest: (events, judge) => {
      // A batch larger than the bound still goes through alone; only a backlog is refused.
      if (queued > 0 && queued + events.length > maxQueued)
        return Promise.reject(new StoreBusyError(queued));
      const rows = encodeEvents(events);
      return new Promise<StoredBatch>((resolve, reject) => {
        waiting.push({ events, rows, judge, resolve, reject });
        queued += events.length;
        if (!scheduled) {
          scheduled = true;
          void exclusive(commitGroup);
        }
      });
    },
    countEvents: () => exclusive(async () => Number(await call({ op: "count" }))),
    prune: (before) =>
      exclusive(
        async () =>
          (await call({ op: "prune", before: before.getTime() })) as {
            events: number;
            alerts: number;
          },
      ),
    loadBaselines: () =>
      exclusive(async () => (await call({ op: "baselines" })) as readonly BaselineFact[]),
    queryAlerts: (query) =>
      exclusive(async () =>
        ((await call({ op: "query", query })) as string[]).map((body) => JSON.parse(body) as Alert),
      ),
    close: async () => {
      await exclusive(() => call({ op: "close" })).catch(() => undefined);
      await worker.terminate();
    },
  };
}
