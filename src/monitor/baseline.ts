import { BlockList, isIP } from "node:net";
import type { AuditEvent } from "../rules/audit-event.ts";
import { DETECTION_FRAMEWORKS, resourceOf, wasAllowed, type RuleMeta } from "../rules/rule.ts";
import type { Alert } from "./alert.ts";
import { alertOf } from "./engine.ts";

/** The detections baselines raise; documented with the rules, not files of their own. */
export const BASELINE_DETECTIONS = {
  newAction: {
    id: "baseline-new-action",
    title: "ServiceAccount did something it had never done",
    pillar: "identity",
    severity: "medium",
    techniques: ["T1078"],
    frameworks: DETECTION_FRAMEWORKS,
    remediation:
      "Check whether the workload changed or its token was taken; if the action is legitimate it joins the baseline.",
  },
  newSource: {
    id: "baseline-new-source",
    title: "ServiceAccount token used from a new source IP or user agent",
    pillar: "identity",
    severity: "high",
    techniques: ["T1550.001"],
    frameworks: DETECTION_FRAMEWORKS,
    remediation:
      "A token used outside its pod is a stolen token until shown otherwise: rotate it and find where it was copied.",
  },
  untrustedNetwork: {
    id: "untrusted-network",
    title: "Request from outside the trusted networks",
    pillar: "network",
    severity: "high",
    techniques: ["T1078", "T1133"],
    frameworks: DETECTION_FRAMEWORKS,
    remediation:
      "Find who holds the credential used; restrict the apiserver endpoint to the trusted networks.",
  },
} as const satisfies Record<string, RuleMeta>;

export interface BaselineOptions {
  /** How long, from an identity's first event (event time), its behaviour is learned silently. */
  readonly learningSeconds: number;
  /** CIDRs requests are expected from; empty means the check is off. */
  readonly trustedNetworks: readonly string[];
}

/** CIDRs as a BlockList, or the first one that is not a CIDR. */
export function parseNetworks(
  cidrs: readonly string[],
): { ok: true; list: BlockList } | { ok: false; reason: string } {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address = "", prefix] = cidr.split("/");
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (family === 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32))
      return { ok: false, reason: `not a CIDR: ${cidr}` };
    list.addSubnet(address, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return { ok: true, list };
}

const VERDICT_MEMORY = 1 << 16;

interface Profile {
  since: number;
  readonly actions: Set<string>;
  readonly sources: Set<string>;
}

/**
 * One thing a baseline learned, as stored: `since` (the identity's first event, which starts its
 * learning window), `action <verb> <resource> <namespace>`, `ip <address>`, `agent <user agent>`,
 * or `untrusted <address>` (an untrusted-network alert already raised). `at` is the event time.
 */
export interface BaselineFact {
  readonly identity: string;
  readonly fact: string;
  readonly at: number;
}

/** Judges one event; what it learns is appended to `learned`, to be stored with the event. */
export type BaselineJudge = (event: AuditEvent, learned: BaselineFact[]) => readonly Alert[];

/**
 * Per-identity baselines for ServiceAccounts: what each does (verb, resource, namespace) and
 * from where (source IP, user agent), learned during the window that starts with its first event,
 * then alerted on once per novelty. Event time drives the window, so a replay gives the same result.
 * `known` is what an earlier run learned (from the store): its windows and facts carry on.
 */
export function createBaseline(
  options: BaselineOptions,
  known: readonly BaselineFact[] = [],
): BaselineJudge {
  const networks = parseNetworks(options.trustedNetworks);
  if (!networks.ok) throw new Error(networks.reason);
  const trusted = options.trustedNetworks.length === 0 ? undefined : networks.list;
  const profiles = new Map<string, Profile>();
  const untrustedSeen = new Set<string>();
  for (const { identity, fact, at } of known) {
    if (fact.startsWith("untrusted ")) {
      untrustedSeen.add(`${identity}\u0000${fact.slice("untrusted ".length)}`);
      continue;
    }
    let profile = profiles.get(identity);
    if (profile === undefined) {
      profile = { since: at, actions: new Set(), sources: new Set() };
      profiles.set(identity, profile);
    }
    // The earliest fact bounds the window even if the `since` row were missing.
    profile.since = Math.min(profile.since, at);
    if (fact.startsWith("action ")) profile.actions.add(fact.slice("action ".length));
    else if (fact.startsWith("ip ") || fact.startsWith("agent ")) profile.sources.add(fact);
  }
  const learningMs = options.learningSeconds * 1000;
  // Addresses repeat (a pod keeps its IP): remember each verdict instead of parsing it again.
  const verdicts = new Map<string, boolean>();
  const isTrusted = (list: BlockList, ip: string): boolean => {
    let verdict = verdicts.get(ip);
    if (verdict === undefined) {
      const family = isIP(ip);
      // Not an address (a proxy's garbage): nothing to judge.
      verdict = family === 0 || list.check(ip, family === 6 ? "ipv6" : "ipv4");
      if (verdicts.size >= VERDICT_MEMORY) verdicts.clear();
      verdicts.set(ip, verdict);
    }
    return verdict;
  };

  return (event, learned) => {
    if (event.stage === "RequestReceived") return [];
    const alerts: Alert[] = [];
    const user = event.user.username;
    const ip = event.sourceIPs[0];
    if (trusted !== undefined && ip !== undefined && !isTrusted(trusted, ip)) {
      const key = `${user}\u0000${ip}`;
      if (!untrustedSeen.has(key)) {
        untrustedSeen.add(key);
        learned.push({
          identity: user,
          fact: `untrusted ${ip}`,
          at: Date.parse(event.stageTimestamp),
        });
        alerts.push(
          alertOf(
            BASELINE_DETECTIONS.untrustedNetwork,
            { message: `${user} reached the apiserver from ${ip}, outside the trusted networks` },
            event,
          ),
        );
      }
    }
    if (!user.startsWith("system:serviceaccount:")) return alerts;
    const now = Date.parse(event.stageTimestamp);
    let profile = profiles.get(user);
    if (profile === undefined) {
      profile = { since: now, actions: new Set(), sources: new Set() };
      profiles.set(user, profile);
      learned.push({ identity: user, fact: "since", at: now });
    }
    const learning = now < profile.since + learningMs;
    const action = `${event.verb} ${resourceOf(event) ?? event.requestURI} ${event.objectRef?.namespace ?? "(cluster)"}`;
    if (wasAllowed(event) && !profile.actions.has(action)) {
      profile.actions.add(action);
      learned.push({ identity: user, fact: `action ${action}`, at: now });
      if (!learning)
        alerts.push(
          alertOf(
            BASELINE_DETECTIONS.newAction,
            { message: `${user} did ${action} for the first time`, evidence: { action } },
            event,
          ),
        );
    }
    for (const source of [`ip ${ip ?? "?"}`, `agent ${event.userAgent ?? "?"}`]) {
      if (profile.sources.has(source)) continue;
      profile.sources.add(source);
      learned.push({ identity: user, fact: source, at: now });
      if (!learning)
        alerts.push(
          alertOf(
            BASELINE_DETECTIONS.newSource,
            { message: `${user} used from new ${source}`, evidence: { source } },
            event,
          ),
        );
    }
    return alerts;
  };
}
