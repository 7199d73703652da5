// The embedded store's writer thread. It owns the SQLite connection and answers one message at a
// time, in order. A transaction spans several: an `insert` for each of its batches (the first
// opens it; each says which of the batch's events are new), a `judged` for each with the alerts
// and baseline facts raised on those, then `commit` (one fsync) or `abort`. Its batches' messages
// may interleave: the next batch is inserted while the event loop judges the one before.
import { parentPort, workerData } from "node:worker_threads";
import type { BaselineFact } from "../../monitor/baseline.ts";
import { openAuditDb, type AuditDb } from "./sqlite-db.ts";
import { decodeEvents, type AlertRow, type EncodedEvents } from "./sqlite-rows.ts";
import type { AlertQuery } from "./store.ts";

export type StoreRequest = { readonly id: number } & (
  | { readonly op: "insert"; readonly tx: number; readonly events: EncodedEvents }
  | {
      readonly op: "judged";
      readonly tx: number;
      readonly alerts: readonly AlertRow[];
      readonly facts: readonly BaselineFact[];
    }
  | { readonly op: "commit"; readonly tx: number }
  | { readonly op: "abort"; readonly tx: number }
  | { readonly op: "count" }
  | { readonly op: "prune"; readonly before: number }
  | { readonly op: "baselines" }
  | { readonly op: "query"; readonly query: AlertQuery }
  | { readonly op: "close" }
);

export type StoreReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

const path = (workerData as { path: string }).path;
let db: AuditDb | undefined;
// Opened on the first request, so that an unopenable file is that request's error.
const open = (): AuditDb => (db ??= openAuditDb(path));
/** The transaction open now, and the last one that failed (its late messages fail too). */
let current: number | undefined;
let failed: number | undefined;

/** Runs one step of transaction `tx`; a failed step rolls the whole transaction back. */
function step<T>(tx: number, task: (store: AuditDb) => T): T {
  if (tx === failed) throw new Error("the transaction was rolled back");
  const store = open();
  if (current === undefined) {
    store.begin();
    current = tx;
  } else if (current !== tx) throw new Error(`transaction ${tx} met open transaction ${current}`);
  try {
    return task(store);
  } catch (error) {
    store.rollback();
    current = undefined;
    failed = tx;
    throw error;
  }
}

function run(request: StoreRequest): unknown {
  switch (request.op) {
    case "insert":
      return step(request.tx, (store) => store.insertEvents(decodeEvents(request.events)));
    case "judged":
      return step(request.tx, (store) => {
        const fresh = store.insertAlerts(request.alerts);
        store.insertFacts(request.facts);
        return fresh;
      });
    case "commit":
      step(request.tx, (store) => store.commit());
      current = undefined;
      return undefined;
    case "abort":
      if (current === request.tx) open().rollback();
      current = undefined;
      failed = request.tx;
      return undefined;
    case "count":
      return open().countEvents();
    case "prune":
      return open().prune(request.before);
    case "baselines":
      return open().loadBaselines();
    case "query":
      return open().queryAlerts(request.query);
    case "close":
      db?.close();
      db = undefined;
      return undefined;
  }
}

parentPort?.on("message", (request: StoreRequest) => {
  let reply: StoreReply;
  try {
    reply = { id: request.id, ok: true, value: run(request) };
  } catch (error) {
    reply = {
      id: request.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  parentPort?.postMessage(reply);
});
