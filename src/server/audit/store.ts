import type { Severity } from "../../model/check-meta.ts";
import type { Alert } from "../../monitor/alert.ts";
import type { BaselineFact } from "../../monitor/baseline.ts";
import type { Judge } from "../../monitor/monitor.ts";
import type { AuditEvent } from "../../rules/audit-event.ts";
import type { VerbatimText } from "../../sources/audit/parse-batch.ts";

/** The result of storing one batch: what was new, what was already there, what it raised. */
export interface StoredBatch {
  readonly stored: number;
  readonly duplicates: number;
  readonly alerts: readonly Alert[];
}

/**
 * Where audit events go. `ingest` stores the events not seen before (a delivery of the same
 * event: audit ID, stage and the apiserver's two timestamps, see `deliveryKey`), each as the
 * text it came in when `verbatim` has it (else written back as an `audit.k8s.io/v1` Event), the
 * alerts `judge` raises on exactly those and the baseline facts it learned, in one transaction,
 * and resolves only once all are durable: a caller may acknowledge the batch then, and a retried
 * batch is stored once. Concurrent batches may share a transaction (group commit). Every method
 * is asynchronous, so a networked database (PostgreSQL) can stand behind the same interface.
 */
export interface EventStore {
  /** Rejects with {@link StoreBusyError} when too much waits already; the caller should retry. */
  readonly ingest: (
    events: readonly AuditEvent[],
    judge: Judge,
    verbatim?: VerbatimText,
  ) => Promise<StoredBatch>;
  /**
   * Resolves when the store has a use for the next batch: at once while a transaction has room
   * (or the backlog is full, so that `ingest` refuses at once), else when the full transaction
   * before it starts to commit or abort. A caller may hold a batch's parsing until then, so that
   * the parse fills the time the store's own thread spends committing.
   */
  readonly ready: () => Promise<void>;
  readonly countEvents: () => Promise<number>;
  /** Deletes events and alerts older than `before`; returns how many rows went. */
  readonly prune: (before: Date) => Promise<{ readonly events: number; readonly alerts: number }>;
  /** Everything the baselines learned so far, to start the monitor from after a restart. */
  readonly loadBaselines: () => Promise<readonly BaselineFact[]>;
  readonly close: () => Promise<void>;
}

/** Too many events are waiting to be stored: answer "retry later", do not queue without bound. */
export class StoreBusyError extends Error {
  constructor(queued: number) {
    super(`store busy: ${queued} events waiting`);
    this.name = "StoreBusyError";
  }
}

export interface AlertQuery {
  readonly ruleId?: string;
  /** This severity or more severe. */
  readonly minSeverity?: Severity;
  readonly since?: Date;
  readonly user?: string;
  readonly namespace?: string;
  readonly limit?: number;
}

export interface AlertStore {
  /** Stored alerts, newest first. */
  readonly queryAlerts: (query: AlertQuery) => Promise<readonly Alert[]>;
}

/** The embedded store is one; a PostgreSQL store for several replicas is meant to be another. */
export type AuditStore = EventStore & AlertStore;
