import type { Engines } from "../engines/index.ts";
import type { CheckMeta, Result } from "../model/check-meta.ts";
import type { Inventory } from "../model/inventory.ts";

/** What a control sees: the snapshot, its engines, and the scan's reference time. */
export interface CheckContext {
  readonly inventory: Inventory;
  readonly engines: Engines;
  /** Reference time for expiry (certificates, exceptions); the core never reads the clock. */
  readonly now: Date;
}

/**
 * One zero-trust control. `evaluate` is pure and returns one result per target it examined,
 * `pass` included, so that every report has a denominator. A violation is a `fail` result,
 * never an exception; a control that throws is recorded as `error` by the runner.
 */
export interface Check extends CheckMeta {
  readonly evaluate: (context: CheckContext) => readonly Result[];
}
