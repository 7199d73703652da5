import type { Pillar, Severity } from "../model/check-meta.ts";
import type { AuditObjectRef } from "../rules/audit-event.ts";

/** One detection: which rule fired on which request. Plain data, stored and formatted as is. */
export interface Alert {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly pillar: Pillar;
  readonly techniques: readonly string[];
  readonly message: string;
  readonly evidence?: Readonly<Record<string, unknown>>;
  /** The event's stage timestamp: when it happened, not when Tenet saw it. */
  readonly timestamp: string;
  readonly auditID: string;
  readonly verb: string;
  readonly requestURI: string;
  readonly user: string;
  readonly sourceIP?: string;
  readonly userAgent?: string;
  readonly objectRef?: AuditObjectRef;
}
