import type { AuditEvent } from "../rules/audit-event.ts";
import type { Rule } from "../rules/rule.ts";
import type { Alert } from "./alert.ts";
import { createBaseline, type BaselineOptions } from "./baseline.ts";
import { createRuleEngine } from "./engine.ts";

export interface MonitorOptions {
  readonly rules: readonly Rule[];
  /** Baselines and trusted networks; left out, only the rules run. */
  readonly baseline?: BaselineOptions;
}

/** Everything that judges events: the rules, then the baselines. */
export function createMonitor(
  options: MonitorOptions,
): (events: readonly AuditEvent[]) => readonly Alert[] {
  const engine = createRuleEngine(options.rules);
  const baseline = options.baseline === undefined ? undefined : createBaseline(options.baseline);
  return (events) => {
    const alerts: Alert[] = [];
    for (const event of events) {
      alerts.push(...engine.evaluate(event));
      if (baseline !== undefined) alerts.push(...baseline(event));
    }
    return alerts;
  };
}
