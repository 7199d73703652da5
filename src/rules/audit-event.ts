// The audit event as rules see it. Sources parse `audit.k8s.io/v1` Events into this shape once,
// at the edge (src/sources/audit); rules read nothing else. The shape is repeated there
// structurally (sources may not import rules) and src/monitor asserts the two stay assignable.

/** Stages of one request, in the order the apiserver emits them. */
export const AUDIT_STAGES = [
  "RequestReceived",
  "ResponseStarted",
  "ResponseComplete",
  "Panic",
] as const;
export type AuditStage = (typeof AUDIT_STAGES)[number];

export interface AuditUser {
  readonly username: string;
  readonly groups: readonly string[];
  readonly uid?: string;
}

/** What the request addressed; `resource` is plural and lower case, as in RBAC rules. */
export interface AuditObjectRef {
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly apiGroup?: string;
  readonly apiVersion?: string;
}

/**
 * One audit event. `requestObject` and `responseObject` are untrusted JSON, read through the
 * accessors of model/fields.ts; for Secrets, TokenRequests and TokenReviews the source has
 * already reduced them to metadata (no credential ever reaches a rule, an alert or the store).
 */
export interface AuditEvent {
  readonly auditID: string;
  readonly stage: AuditStage;
  readonly level: string;
  readonly verb: string;
  readonly requestURI: string;
  readonly user: AuditUser;
  readonly impersonatedUser?: AuditUser;
  readonly sourceIPs: readonly string[];
  readonly userAgent?: string;
  readonly objectRef?: AuditObjectRef;
  readonly responseCode?: number;
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
  /** RFC 3339 with microseconds, as the apiserver writes it. */
  readonly requestReceivedTimestamp: string;
  readonly stageTimestamp: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * One request: its audit ID and the time the apiserver received it. The audit ID alone is not
 * enough: a client may set it (the `Audit-ID` header) and reuse another request's.
 */
export function requestKey(event: AuditEvent): string {
  return `${event.auditID}\u0000${event.requestReceivedTimestamp}`;
}

/** One event of a request: what a retried delivery or a re-read log line repeats exactly. */
export function deliveryKey(event: AuditEvent): string {
  return `${requestKey(event)}\u0000${event.stage}\u0000${event.stageTimestamp}`;
}
