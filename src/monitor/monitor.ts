import type { AuditEvent } from "../rules/audit-event.ts";
import type { Rule } from "../rules/rule.ts";
import type { Alert } from "./alert.ts";
import { createBaseline, type BaselineFact, type BaselineOptions } from "./baseline.ts";
import { createRuleEngine } from "./engine.ts";

export interface MonitorOptions {
  readonly rules: readonly Rule[];
  /** Baselines and trusted networks; left out, only the rules run. */
  readonly baseline?: BaselineOptions;
  /** What the baselines learned before (loaded from the store), so a restart forgets nothing. */
  readonly known?: readonly BaselineFact[];
}

/** What judging a batch gives: its alerts, and the baseline facts to store with its events. */
export interface Judgement {
  readonly alerts: readonly Alert[];
  readonly learned: readonly BaselineFact[];
}

export type Judge = (events: readonly AuditEvent[]) => Judgement;

/** Everything that judges events: the rules, then the baselines. */
export function createMonitor(options: MonitorOptions): Judge {
  const engine = createRuleEngine(options.rules);
  const baseline =
    options.baseline === undefined ? undefined : createBaseline(options.baseline, options.known);
  return (events) => {
    const alerts: Alert[] = [];
    const learned: BaselineFact[] = [];
    for (const event of events) {
      alerts.push(...engine.evaluate(event));
      if (baseline !== undefined) alerts.push(...baseline(event, learned));
    }
    return { alerts, learned };
  };
}
