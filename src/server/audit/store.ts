import type { Severity } from "../../model/check-meta.ts";
import type { Alert } from "../../monitor/alert.ts";
import type { AuditEvent } from "../../rules/audit-event.ts";

/** The result of storing one batch: what was new, what was already there, what it raised. */
export interface StoredBatch {
  readonly stored: number;
  readonly duplicates: number;
  readonly alerts: readonly Alert[];
}

/**
 * Where audit events go. `ingest` stores the events not seen before (by auditID and stage) and
 * the alerts `judge` raises on exactly those, in one transaction, and returns only once both are
 * durable: a caller may acknowledge the batch when it returns, and a retried batch is stored once.
 */
export interface EventStore {
  readonly ingest: (
    events: readonly AuditEvent[],
    judge: (fresh: readonly AuditEvent[]) => readonly Alert[],
  ) => StoredBatch;
  readonly countEvents: () => number;
  /** Deletes events and alerts older than `before`; returns how many rows went. */
  readonly prune: (before: Date) => { readonly events: number; readonly alerts: number };
  readonly close: () => void;
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
  readonly queryAlerts: (query: AlertQuery) => readonly Alert[];
}

/** The embedded store is one; a PostgreSQL store for several replicas is meant to be another. */
export type AuditStore = EventStore & AlertStore;
