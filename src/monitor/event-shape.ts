import type { AuditEvent } from "../rules/audit-event.ts";
import type { ParsedAuditEvent } from "../sources/audit/parse-event.ts";

// The source's event and the rules' event are declared apart (sources may not import rules);
// these two lines fail to compile the day they drift.
export const toRuleEvent = (event: ParsedAuditEvent): AuditEvent => event;
export const fromRuleEvent = (event: AuditEvent): ParsedAuditEvent => event;
