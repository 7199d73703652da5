import type { Severity } from "../model/check-meta.ts";
import type { Alert } from "./alert.ts";

/** ECS `event.severity` is a number; these are the values Elastic's own detection rules use. */
const ECS_SEVERITY: Readonly<Record<Severity, number>> = {
  critical: 99,
  high: 73,
  medium: 47,
  low: 21,
  info: 0,
};

/**
 * An alert as an Elastic Common Schema document (https://www.elastic.co/guide/en/ecs/current/),
 * one JSON line each, ready for Filebeat or Fluent Bit. Tenet's own facts go under `tenet.`.
 */
export function toEcs(alert: Alert): Record<string, unknown> {
  const ref = alert.objectRef;
  return {
    "@timestamp": alert.timestamp,
    message: alert.message,
    event: {
      kind: "alert",
      module: "tenet",
      dataset: "tenet.audit",
      severity: ECS_SEVERITY[alert.severity],
      action: alert.verb,
      id: alert.auditID,
    },
    rule: { id: alert.ruleId, name: alert.ruleName, ruleset: "tenet" },
    threat: {
      framework: "MITRE ATT&CK",
      technique: { id: alert.techniques },
    },
    user: { name: alert.user },
    ...(alert.sourceIP === undefined ? {} : { source: { ip: alert.sourceIP } }),
    ...(alert.userAgent === undefined ? {} : { user_agent: { original: alert.userAgent } }),
    url: { original: alert.requestURI },
    ...(ref === undefined
      ? {}
      : {
          orchestrator: {
            type: "kubernetes",
            ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }),
            ...(ref.apiVersion === undefined
              ? {}
              : {
                  api_version:
                    ref.apiGroup === undefined
                      ? ref.apiVersion
                      : `${ref.apiGroup}/${ref.apiVersion}`,
                }),
            resource: {
              type:
                ref.subresource === undefined ? ref.resource : `${ref.resource}/${ref.subresource}`,
              ...(ref.name === undefined ? {} : { name: ref.name }),
            },
          },
        }),
    tenet: {
      severity: alert.severity,
      pillar: alert.pillar,
      ...(alert.evidence === undefined ? {} : { evidence: alert.evidence }),
    },
  };
}

export function ecsLine(alert: Alert): string {
  return `${JSON.stringify(toEcs(alert))}\n`;
}
