import type { AuditEvent, AuditObjectRef } from "../../src/rules/audit-event.ts";

export interface EventSpec extends Partial<Omit<AuditEvent, "user" | "objectRef">> {
  readonly username?: string;
  readonly groups?: readonly string[];
  readonly objectRef?: AuditObjectRef;
}

let counter = 0;

/** An answered audit event from a person (`alice`), with whatever the test overrides. */
export function auditEvent(spec: EventSpec = {}): AuditEvent {
  const { username = "alice", groups = ["system:authenticated"], ...rest } = spec;
  counter += 1;
  return {
    auditID: `audit-${counter}`,
    stage: "ResponseComplete",
    level: "RequestResponse",
    verb: "get",
    requestURI: "/api/v1/namespaces/default/pods/web",
    user: { username, groups },
    sourceIPs: ["10.0.0.7"],
    userAgent: "kubectl/v1.34.0",
    responseCode: 200,
    requestReceivedTimestamp: "2026-06-01T10:00:00.000000Z",
    stageTimestamp: "2026-06-01T10:00:00.100000Z",
    annotations: {},
    ...rest,
  };
}

/** A write of `object` to `resource` in `namespace`. */
export function write(
  resource: string,
  object: unknown,
  options: { verb?: string; namespace?: string; name?: string; username?: string } = {},
): AuditEvent {
  const { verb = "create", namespace = "default", name = "x", username = "alice" } = options;
  return auditEvent({
    verb,
    username,
    objectRef: { resource, namespace, name },
    requestObject: object,
    responseCode: verb === "create" ? 201 : 200,
  });
}
