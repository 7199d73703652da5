import type { AuditEvent } from "../rules/audit-event.ts";
import { resourceOf, type Rule, type RuleHit, type RuleMeta } from "../rules/rule.ts";
import type { Alert } from "./alert.ts";

export interface RuleEngine {
  /** The alerts one event raises. Each request is judged once, on its first answered stage. */
  readonly evaluate: (event: AuditEvent) => readonly Alert[];
}

/** Requests remembered as judged; a request's stages arrive within seconds of each other. */
const JUDGED_MEMORY = 1 << 16;

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
  const judged = new Set<string>();
  const windows = new Map<string, { times: number[]; quietUntil: number }>();

  function firstAnswer(event: AuditEvent): boolean {
    // RequestReceived carries no answer yet; ResponseStarted (long-running requests such as
    // exec) or ResponseComplete does, and whichever comes first is judged.
    if (event.stage === "RequestReceived") return false;
    if (judged.has(event.auditID)) return false;
    judged.add(event.auditID);
    if (judged.size > JUDGED_MEMORY) judged.delete(judged.values().next().value as string);
    return true;
  }

  function passesThreshold(rule: Rule, event: AuditEvent): boolean {
    const threshold = rule.threshold;
    if (threshold === undefined) return true;
    const key = `${rule.id}\u0000${event.user.username}`;
    const now = Date.parse(event.stageTimestamp);
    const windowMs = threshold.windowSeconds * 1000;
    const state = windows.get(key) ?? { times: [], quietUntil: -Infinity };
    windows.set(key, state);
    state.times = state.times.filter((time) => time > now - windowMs);
    state.times.push(now);
    if (now < state.quietUntil || state.times.length < threshold.count) return false;
    state.quietUntil = now + windowMs;
    state.times = [];
    return true;
  }

  return {
    evaluate: (event) => {
      if (!firstAnswer(event)) return [];
      const resource = resourceOf(event);
      const candidates =
        resource === undefined
          ? anyResource
          : [...(byResource.get(resource) ?? []), ...anyResource];
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
