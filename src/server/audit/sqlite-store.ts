import { Worker } from "node:worker_threads";
import type { Alert } from "../../monitor/alert.ts";
import type { BaselineFact } from "../../monitor/baseline.ts";
import type { Judge } from "../../monitor/monitor.ts";
import type { AuditEvent } from "../../rules/audit-event.ts";
import { alertRow, encodeEvents, type EncodedEvents } from "./sqlite-rows.ts";
import type { StoreReply, StoreRequest } from "./sqlite-worker.ts";
import { StoreBusyError, type AuditStore, type StoredBatch } from "./store.ts";

export interface SqliteStoreOptions {
  /** Events allowed to wait for their commit; past that, ingest says busy. */
  readonly maxQueuedEvents?: number;
  /** A transaction takes no more batches once it holds this many events. */
  readonly groupEvents?: number;
}

/** About two seconds of the target rate: enough to ride out an fsync stall, bounded memory. */
const MAX_QUEUED_EVENTS = 100_000;
/** A transaction takes no more batches once it holds this many events, so that it commits. */
const GROUP_EVENTS = 4_000;

interface Batch {
  /** Dropped once judged: a transaction stays open for a while, its batches' events need not. */
  events: readonly AuditEvent[];
  readonly count: number;
  /** The events encoded for the worker, done as each batch arrives. */
  readonly encoded: EncodedEvents;
  readonly judge: Judge;
  readonly resolve: (batch: StoredBatch) => void;
  readonly reject: (error: Error) => void;
  result?: StoredBatch;
}

interface Transaction {
  readonly id: number;
  readonly batches: Batch[];
  events: number;
  /** Batches inserted whose alerts are not stored yet. */
  outstanding: number;
  /** Takes no more batches: it is full, or about to commit. */
  closed: boolean;
  /** Its commit (or abort) has been asked for. */
  ending: boolean;
  failure?: Error;
  readonly done: () => void;
}
type Request = StoreRequest extends infer R ? (R extends unknown ? Omit<R, "id"> : never) : never;

// Sources run as TypeScript in a checkout and as JavaScript once compiled.
const workerFile = import.meta.url.endsWith(".ts") ? "./sqlite-worker.ts" : "./sqlite-worker.js";

/**
 * The embedded store: SQLite (WAL, synchronous=FULL) written by a worker thread, with group
 * commit. A transaction takes the batches that arrive while it is open: each batch's events are
 * inserted (which says which are new), judged here on the event loop (rules and baselines run
 * where their state lives), and its alerts and baseline facts inserted, while the worker already
 * inserts the next batch. When no batch is between insert and judgement, or the transaction is
 * full, it commits: one fsync makes all its batches durable, and only then does each batch's
 * promise resolve. Batches that arrive meanwhile wait for the next transaction; `ready` lets
 * their callers hold the parsing until the commit starts, when the event loop is otherwise idle.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): AuditStore {
  const maxQueued = options.maxQueuedEvents ?? MAX_QUEUED_EVENTS;
  const groupEvents = options.groupEvents ?? GROUP_EVENTS;
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

  // One transaction or maintenance task at a time: a transaction spans many calls, and a prune
  // or a count must not land inside one (it would commit or roll back with it).
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const result = chain.then(task, task);
    chain = result.catch(() => undefined);
    return result;
  };

  let open: Transaction | undefined;
  let waiting: Batch[] = [];
  let scheduled = false;
  /** Events taken and not yet committed or refused. */
  let queued = 0;
  let nextTx = 1;
  /** Callers of `ready` waiting for the full transaction's commit to start. */
  let readyWaiters: (() => void)[] = [];

  const admit = (batch: Batch): void => {
    if (open === undefined || open.closed) {
      waiting.push(batch);
      if (!scheduled) {
        scheduled = true;
        void exclusive(runTransaction);
      }
      return;
    }
    const tx = open;
    tx.batches.push(batch);
    tx.events += batch.count;
    tx.outstanding += 1;
    if (tx.events >= groupEvents) tx.closed = true;
    void insertAndJudge(tx, batch);
  };

  function runTransaction(): Promise<void> {
    scheduled = false;
    return new Promise((done) => {
      open = {
        id: nextTx++,
        batches: [],
        events: 0,
        outstanding: 0,
        closed: false,
        ending: false,
        done,
      };
      const batches = waiting;
      waiting = [];
      for (const batch of batches) admit(batch);
    });
  }

  async function insertAndJudge(tx: Transaction, batch: Batch): Promise<void> {
    try {
      const fresh = (await call({ op: "insert", tx: tx.id, events: batch.encoded })) as Uint8Array;
      if (tx.failure !== undefined) return;
      const judged = batch.judge(batch.events.filter((_, row) => fresh[row] === 1));
      batch.events = [];
      const kept = (await call({
        op: "judged",
        tx: tx.id,
        alerts: judged.alerts.map(alertRow),
        facts: judged.learned,
      })) as Uint8Array;
      const stored = fresh.reduce((sum, flag) => sum + flag, 0);
      batch.result = {
        stored,
        duplicates: batch.count - stored,
        alerts: judged.alerts.filter((_, row) => kept[row] === 1),
      };
    } catch (error) {
      tx.failure ??= error instanceof Error ? error : new Error(String(error));
    } finally {
      tx.outstanding -= 1;
      if (tx.outstanding === 0) void finish(tx);
    }
  }

  async function finish(tx: Transaction): Promise<void> {
    tx.closed = true;
    tx.ending = true;
    const release = readyWaiters;
    readyWaiters = [];
    for (const resolve of release) resolve();
    if (tx.failure === undefined) {
      try {
        await call({ op: "commit", tx: tx.id });
      } catch (error) {
        tx.failure = error instanceof Error ? error : new Error(String(error));
      }
    } else await call({ op: "abort", tx: tx.id }).catch(() => undefined);
    for (const batch of tx.batches) {
      queued -= batch.count;
      if (tx.failure === undefined && batch.result !== undefined) batch.resolve(batch.result);
      else batch.reject(tx.failure ?? new Error("batch not stored"));
    }
    if (open === tx) open = undefined;
    tx.done();
  }

  return {
    // While a full transaction still has batches to insert and judge, the event loop has that
    // work to do; a batch parsed now would only wait for the commit. Parsed during the commit
    // instead, it fills the time the event loop would otherwise wait for the worker. A full
    // backlog lets batches through, so that they are refused as busy at once, as without this.
    ready: () =>
      open === undefined || !open.closed || open.ending || queued >= maxQueued
        ? Promise.resolve()
        : new Promise((resolve) => readyWaiters.push(resolve)),
    ingest: (events, judge, verbatim) => {
      // A batch larger than the bound still goes through alone; only a backlog is refused.
      if (queued > 0 && queued + events.length > maxQueued)
        return Promise.reject(new StoreBusyError(queued));
      const encoded = encodeEvents(events, verbatim);
      queued += events.length;
      return new Promise<StoredBatch>((resolve, reject) => {
        admit({ events, count: events.length, encoded, judge, resolve, reject });
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
