import { AUDIT_API_VERSION, type ParsedAuditEvent } from "./parse-event.ts";

/**
 * An event as the `audit.k8s.io/v1` Event JSON it was parsed from (less what the parser cut):
 * what a store keeps when it cannot keep the text as sent. `parseAuditEvent` reads it back to
 * the same event, so stored events all read alike, however they arrived.
 */
export function auditEventJson(event: ParsedAuditEvent): string {
  const { responseCode, ...rest } = event;
  return JSON.stringify({
    apiVersion: AUDIT_API_VERSION,
    kind: "Event",
    ...rest,
    ...(responseCode === undefined ? {} : { responseStatus: { code: responseCode } }),
  });
}
