import type { Check } from "../check.ts";
import { auditLogBackend } from "./audit-log-backend.ts";
import { auditLogRetention } from "./audit-log-retention.ts";
import { auditPolicyConfigured } from "./audit-policy-configured.ts";
import { auditPolicyExec } from "./audit-policy-exec.ts";
import { auditPolicyRbac } from "./audit-policy-rbac.ts";
import { auditPolicySecrets } from "./audit-policy-secrets.ts";
import { monitoringCoverage } from "./monitoring-coverage.ts";

export const visibilityChecks: readonly Check[] = [
  auditPolicyConfigured,
  auditLogBackend,
  auditLogRetention,
  auditPolicySecrets,
  auditPolicyRbac,
  auditPolicyExec,
  monitoringCoverage,
];
