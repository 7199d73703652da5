import { formatConns, hasConn } from "../../engines/netpol/conn-set.ts";
import type { DirectionVerdict, Verdict } from "../../engines/netpol/engine.ts";

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
  if (!side.isolated) {
    return `${label} not isolated: no policy selects it for ${side.direction}, everything is allowed`;
  }
  const by = `isolated by ${side.policies.join(", ")}`;
  const covering = side.matches.filter((match) =>
    hasConn(match.conns, verdict.protocol, verdict.port),
  );
  if (covering.length > 0) {
    const rules = covering.map(
      (m) => `${m.policy} ${m.direction}[${m.rule}] (${formatConns(m.conns)})`,
    );
    return `${label} ${by}; allowed by ${rules.join(", ")}`;
  }
  const peer = side.direction === "egress" ? verdict.to : verdict.from;
  if (side.matches.length === 0) return `${label} ${by}; no rule matches ${peer}`;
  const partial = side.matches.map(
    (m) => `${m.policy} ${m.direction}[${m.rule}] (${formatConns(m.conns)})`,
  );
  return `${label} ${by}; rules match ${peer} but not ${verdict.protocol}/${verdict.port}: ${partial.join(", ")}`;
}

/** The JSON shape of a verdict: connection sets as text. */
export function verdictJson(verdict: Verdict): Record<string, unknown> {
  const side = (s: DirectionVerdict): Record<string, unknown> => ({
    subject: s.subject,
    isolated: s.isolated,
    policies: s.policies,
    rules: s.matches.map((m) => ({ policy: m.policy, rule: m.rule, allows: formatConns(m.conns) })),
    allows: formatConns(s.conns),
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
