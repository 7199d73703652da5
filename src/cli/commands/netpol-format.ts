import { formatConns, hasConn } from "../../engines/netpol/conn-set.ts";
import type { DirectionVerdict, Verdict } from "../../engines/netpol/engine.ts";
import type { TierDecision } from "../../engines/netpol/tiers.ts";

/** The verdict and why, one line per side: which policies select, which rule allows. */
export function formatVerdict(verdict: Verdict): string {
  const head = `${verdict.allowed ? "allowed" : "denied"}: ${verdict.from} -> ${verdict.to} ${verdict.protocol}/${verdict.port}`;
  if (verdict.reason === "self") return `${head}\n  a pod can always reach itself\n`;
  if (verdict.reason === "node-local") {
    return `${head}\n  a node always reaches the pods it runs (kubelet probes)\n`;
  }
  return `${head}\n  ${formatSide(verdict.egress, verdict)}\n  ${formatSide(verdict.ingress, verdict)}\n`;
}

function formatSide(side: DirectionVerdict, verdict: Verdict): string {
  const label = `${side.direction.padEnd(7)} (${side.subject}):`;
  const has = (d: TierDecision): boolean => hasConn(d.conns, verdict.protocol, verdict.port);
  const adminDecision = side.admin.find(has);
  const describe = (tier: string, d: TierDecision): string =>
    `${tier} tier: ${d.action} by ${d.policy} ${d.direction}[${d.rule}]${d.name === "" ? "" : ` "${d.name}"`}`;
  if (adminDecision !== undefined && adminDecision.action !== "Pass") {
    return `${label} ${describe("admin", adminDecision)}`;
  }
  const passed = adminDecision === undefined ? "" : `${describe("admin", adminDecision)}, then `;
  const baselineDecision = side.isolated ? undefined : side.baseline.find(has);
  if (baselineDecision !== undefined) {
    return `${label} ${passed}not isolated by NetworkPolicy; ${describe("baseline", baselineDecision)}`;
  }
  return `${label} ${passed}${formatNetworkPolicySide(side, verdict)}`;
}

function formatNetworkPolicySide(side: DirectionVerdict, verdict: Verdict): string {
  if (!side.isolated) {
    return `not isolated: no policy selects it for ${side.direction}, everything is allowed`;
  }
  const by = `isolated by ${side.policies.join(", ")}`;
  const denying = side.matches.filter(
    (match) => match.deny === true && hasConn(match.conns, verdict.protocol, verdict.port),
  );
  if (denying.length > 0) {
    const rules = denying.map((m) =>
      m.action === "Deny"
        ? `${m.policy} ${m.direction}[${m.rule}] (Deny)`
        : `${m.policy} ${m.direction}Deny[${m.rule}]`,
    );
    return `${by}; denied by ${rules.join(", ")}`;
  }
  const covering = side.matches.filter(
    (match) => match.deny !== true && hasConn(match.conns, verdict.protocol, verdict.port),
  );
  if (covering.length > 0) {
    const rules = covering.map(
      (m) => `${m.policy} ${m.direction}[${m.rule}] (${formatConns(m.conns)})`,
    );
    return `${by}; allowed by ${rules.join(", ")}`;
  }
  const peer = side.direction === "egress" ? verdict.to : verdict.from;
  if (side.matches.length === 0) return `${by}; no rule matches ${peer}`;
  const partial = side.matches.map(
    (m) => `${m.policy} ${m.direction}[${m.rule}] (${formatConns(m.conns)})`,
  );
  return `${by}; rules match ${peer} but not ${verdict.protocol}/${verdict.port}: ${partial.join(", ")}`;
}

/** The JSON shape of a verdict: connection sets as text. */
export function verdictJson(verdict: Verdict): Record<string, unknown> {
  const side = (s: DirectionVerdict): Record<string, unknown> => ({
    subject: s.subject,
    isolated: s.isolated,
    policies: s.policies,
    rules: s.matches.map((m) => ({ policy: m.policy, rule: m.rule, allows: formatConns(m.conns) })),
    allows: formatConns(s.conns),
    admin: s.admin.map((d) => ({
      policy: d.policy,
      rule: d.rule,
      name: d.name,
      action: d.action,
      decides: formatConns(d.conns),
    })),
    baseline: s.baseline.map((d) => ({
      policy: d.policy,
      rule: d.rule,
      name: d.name,
      action: d.action,
      decides: formatConns(d.conns),
    })),
  });
  return {
    from: verdict.from,
    to: verdict.to,
    protocol: verdict.protocol,
    port: verdict.port,
    allowed: verdict.allowed,
    reason: verdict.reason,
    egress: side(verdict.egress),
    ingress: side(verdict.ingress),
    explanation: formatVerdict(verdict).trimEnd(),
  };
}
