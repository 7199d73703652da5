import { requestKey, type AuditEvent } from "../rules/audit-event.ts";
import { resourceOf, type Rule, type RuleHit, type RuleMeta } from "../rules/rule.ts";
import type { Alert } from "./alert.ts";

export interface RuleEngine {
  /** The alerts one event raises. Each request is judged once, on its first answered stage. */
  readonly evaluate: (event: AuditEvent) => readonly Alert[];
}

/** Long-running requests remembered between their ResponseStarted and ResponseComplete. */
const STARTED_MEMORY = 1 << 16;

/**
 * Runs rules over events. Rules are indexed by the resources they name, so an event meets only
 * the rules that can match it. State (judged requests, threshold windows) lives here and is
 * driven by event time, never the clock, so replaying a log gives the same alerts.
 */
export function createRuleEngine(rules: readonly Rule[]): RuleEngine {
  const byResource = new Map<string, Rule[]>();
  const anyResource: Rule[] = [];
  for (const rule of rules) {
    if (rule.resources === undefined) anyResource.push(rule);
    else
      for (const resource of rule.resources) {
        const list = byResource.get(resource) ?? [];
        list.push(rule);
        byResource.set(resource, list);
      }
  }
  // Each resource's list also holds the rules for every resource, so an event costs one lookup.
  for (const list of byResource.values()) list.push(...anyResource);
  // Requests judged on ResponseStarted whose ResponseComplete is still to come. Only
  // long-running requests (exec, watch) have that stage, so this stays small; the ring bounds it
  // when a ResponseComplete never arrives.
  const started = new Set<string>();
  const order: string[] = new Array<string>(STARTED_MEMORY);
  let cursor = 0;
  const windows = new Map<string, { times: number[]; quietUntil: number }>();

  function firstAnswer(event: AuditEvent): boolean {
    // RequestReceived carries no answer yet; ResponseStarted or ResponseComplete does, and
    // whichever comes first is judged. Redelivered events never get here: stores pass only new
    // ones.
    switch (event.stage) {
      case "RequestReceived":
        return false;
      case "ResponseStarted": {
        const evicted = order[cursor];
        if (evicted !== undefined) started.delete(evicted);
        const key = requestKey(event);
        order[cursor] = key;
        cursor = (cursor + 1) % STARTED_MEMORY;
        started.add(key);
        return true;
      }
      case "ResponseComplete":
      case "Panic":
        return !started.delete(requestKey(event));
    }
  }

  function passesThreshold(rule: Rule, event: AuditEvent): boolean {
    const threshold = rule.threshold;
    if (threshold === undefined) return true;
    const key = `${rule.id}\u0000${event.user.username}`;
    const now = Date.parse(event.stageTimestamp);
    let state = windows.get(key);
    if (state === undefined) {
      state = { times: [], quietUntil: -Infinity };
      windows.set(key, state);
    }
    if (now < state.quietUntil) return false;
    const since = now - threshold.windowSeconds * 1000;
    let old = 0;
    while (old < state.times.length && (state.times[old] ?? now) <= since) old += 1;
    if (old > 0) state.times.splice(0, old);
    state.times.push(now);
    if (state.times.length < threshold.count) return false;
    state.quietUntil = now + threshold.windowSeconds * 1000;
    state.times = [];
    return true;
  }

  return {
    evaluate: (event) => {
      if (!firstAnswer(event)) return [];
      const resource = resourceOf(event);
      const candidates =
        resource === undefined ? anyResource : (byResource.get(resource) ?? anyResource);
      const alerts: Alert[] = [];
      for (const rule of candidates) {
        const hit = rule.match(event);
        if (hit !== undefined && passesThreshold(rule, event))
          alerts.push(alertOf(rule, hit, event));
      }
      return alerts;
    },
  };
}

/** An alert of a rule (or a baseline detection) on an event. */
export function alertOf(rule: RuleMeta, hit: RuleHit, event: AuditEvent): Alert {
  const sourceIP = event.sourceIPs[0];
  return {
    ruleId: rule.id,
    ruleName: rule.title,
    severity: hit.severity ?? rule.severity,
    pillar: rule.pillar,
    techniques: rule.techniques,
    message: hit.message,
    ...(hit.evidence === undefined ? {} : { evidence: hit.evidence }),
    timestamp: event.stageTimestamp,
    auditID: event.auditID,
    verb: event.verb,
    requestURI: event.requestURI,
    user: event.user.username,
    ...(sourceIP === undefined ? {} : { sourceIP }),
    ...(event.userAgent === undefined ? {} : { userAgent: event.userAgent }),
    ...(event.objectRef === undefined ? {} : { objectRef: event.objectRef }),
  };
}
