// The embedded store's writer thread. It owns the SQLite connection and answers one message at a
// time; a group commit spans two: `insert` opens the transaction and says which events are new,
// `finish` adds the alerts and baseline facts judged on those and commits (one fsync).
import { parentPort, workerData } from "node:worker_threads";
import type { BaselineFact } from "../../monitor/baseline.ts";
import { openAuditDb, type AuditDb } from "./sqlite-db.ts";
import { decodeEvents, type AlertRow } from "./sqlite-rows.ts";
import type { AlertQuery } from "./store.ts";

export type StoreRequest = { readonly id: number } &
  /** Each batch's events as `encodeEvents` wrote them. */
  (
    | { readonly op: "insert"; readonly batches: readonly string[] }
    | {
        readonly op: "finish";
        readonly alerts: readonly (readonly AlertRow[])[];
        readonly facts: readonly BaselineFact[];
      }
    | { readonly op: "abort" }
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

function run(request: StoreRequest): unknown {
  switch (request.op) {
    case "insert": {
      const store = open();
      store.begin();
      try {
        return request.batches.map((rows) => store.insertEvents(decodeEvents(rows)));
      } catch (error) {
        store.rollback();
        throw error;
      }
    }
    case "finish": {
      const store = open();
      try {
        const fresh = request.alerts.map((rows) => store.insertAlerts(rows));
        store.insertFacts(request.facts);
        store.commit();
        return fresh;
      } catch (error) {
        store.rollback();
        throw error;
      }
    }
    case "abort":
      open().rollback();
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
