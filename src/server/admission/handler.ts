import type { Check } from "../../checks/check.ts";
import { decideAdmission } from "../../evaluate/admission/decide.ts";
import { mutationsFor } from "../../evaluate/admission/mutate.ts";
import type { AdmissionPolicy } from "../../evaluate/admission/policy.ts";
import type { ExceptionEntry } from "../../evaluate/exceptions.ts";
import type { ServerMetrics } from "../metrics.ts";
import type { AuditLedger } from "./audit-ledger.ts";
import { parseAdmissionReview } from "./parse-review.ts";
import { reviewResponse, validationResponse } from "./respond.ts";

/**
 * `closed` denies when Tenet cannot judge a request (the safe choice for a security control);
 * `open` admits it with a warning. Either way the failure is logged and counted.
 */
export type FailureMode = "closed" | "open";

export interface AdmissionConfig {
  readonly checks: readonly Check[];
  readonly policy: AdmissionPolicy;
  readonly exceptions: readonly ExceptionEntry[];
  readonly failureMode: FailureMode;
  readonly now: () => Date;
  readonly metrics: ServerMetrics;
  readonly log: (entry: Record<string, unknown>) => void;
  /** Where objects admitted with `audit`-mode failures are recorded (for PolicyReports). */
  readonly ledger?: AuditLedger;
}

export type Endpoint = "validate" | "mutate";

/** HTTP status and JSON body for one admission call; never throws. */
export interface AdmissionAnswer {
  readonly status: number;
  readonly body: unknown;
}

export function answerAdmission(
  endpoint: Endpoint,
  body: unknown,
  config: AdmissionConfig,
): AdmissionAnswer {
  const parsed = parseAdmissionReview(body);
  if (!parsed.ok) {
    config.metrics.admissionErrors.inc({ cause: "bad-review" });
    return { status: 400, body: { error: parsed.error } };
  }
  const { request } = parsed;
  const count = (decision: string): void =>
    config.metrics.admissionRequests.inc({
      operation: request.operation,
      kind: request.kind,
      decision,
      endpoint,
    });
  const object = request.object;
  if (
    object === undefined ||
    (request.namespace !== undefined && config.policy.excludeNamespaces.includes(request.namespace))
  ) {
    count("skipped");
    return {
      status: 200,
      body: reviewResponse(request.uid, {
        allowed: true,
        auditAnnotations: { decision: "skipped" },
      }),
    };
  }
  try {
    if (endpoint === "mutate") {
      const patch = mutationsFor(object, config.policy);
      count(patch.length === 0 ? "unchanged" : "mutated");
      return { status: 200, body: reviewResponse(request.uid, { allowed: true, patch }) };
    }
    const decision = decideAdmission({
      object,
      checks: config.checks,
      policy: config.policy,
      exceptions: config.exceptions,
      now: config.now(),
    });
    if (decision.errors.length > 0) {
      config.metrics.admissionErrors.inc({ cause: "control-error" });
      config.log({
        level: "warn",
        msg: "controls could not be evaluated",
        uid: request.uid,
        errors: decision.errors,
      });
    }
    count(decision.allowed ? "allowed" : "denied");
    // Only what was really admitted: a denied object or a dry run was never stored.
    const { ledger } = config;
    if (ledger !== undefined && decision.allowed && !request.dryRun) {
      const evicted = ledger.evicted();
      ledger.record({
        resource: {
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: object.metadata.name,
          ...(object.metadata.namespace === undefined
            ? {}
            : { namespace: object.metadata.namespace }),
        },
        operation: request.operation,
        admittedAt: config.now().toISOString(),
        verdicts: decision.audited,
      });
      config.metrics.auditedObjects.set(ledger.size());
      if (ledger.evicted() > evicted) config.metrics.auditedEvicted.inc(ledger.evicted() - evicted);
    }
    // Audited objects go to the ledger when there is one: a log line per admission would
    // cost more than judging it.
    if (!decision.allowed || (decision.audited.length > 0 && ledger === undefined)) {
      config.log({
        level: "info",
        msg: "admission decision",
        uid: request.uid,
        kind: request.kind,
        namespace: request.namespace,
        name: object.metadata.name,
        allowed: decision.allowed,
        denied: decision.denied.map((verdict) => verdict.checkId),
        audited: decision.audited.map((verdict) => verdict.checkId),
      });
    }
    return { status: 200, body: validationResponse(request.uid, decision) };
  } catch (error) {
    config.metrics.admissionErrors.inc({ cause: "internal" });
    config.log({ level: "error", msg: "admission failed", uid: request.uid, error: String(error) });
    const allowed = config.failureMode === "open";
    count(allowed ? "failed-open" : "failed-closed");
    return {
      status: 200,
      body: reviewResponse(request.uid, {
        allowed,
        message: "Tenet could not evaluate this request (internal error); failing closed",
        ...(allowed
          ? { warnings: ["Tenet could not evaluate this request; admitted (failure mode open)"] }
          : {}),
        auditAnnotations: { decision: allowed ? "failed-open" : "failed-closed" },
      }),
    };
  }
}
