import type { AdmissionDecision } from "../../evaluate/admission/decide.ts";
import { denialMessage } from "../../evaluate/admission/decide.ts";
import type { PatchOperation } from "../../evaluate/admission/mutate.ts";

/** The decision and the controls involved, as audit annotations (keys are prefixed by the apiserver). */
export function auditAnnotationsOf(decision: AdmissionDecision): Record<string, string> {
  const ids = (verdicts: readonly { checkId: string }[]) =>
    verdicts.map((v) => v.checkId).join(",");
  return {
    decision: decision.allowed ? "allowed" : "denied",
    ...(decision.denied.length === 0 ? {} : { denied: ids(decision.denied) }),
    ...(decision.warned.length === 0 ? {} : { warned: ids(decision.warned) }),
    ...(decision.audited.length === 0 ? {} : { audited: ids(decision.audited) }),
    ...(decision.exempted.length === 0 ? {} : { exempted: ids(decision.exempted) }),
  };
}

/** A well-formed `admission.k8s.io/v1` AdmissionReview answer. */
export function reviewResponse(
  uid: string,
  body: {
    allowed: boolean;
    message?: string;
    warnings?: readonly string[];
    auditAnnotations?: Record<string, string>;
    patch?: readonly PatchOperation[];
  },
): unknown {
  return {
    apiVersion: "admission.k8s.io/v1",
    kind: "AdmissionReview",
    response: {
      uid,
      allowed: body.allowed,
      ...(body.allowed || body.message === undefined
        ? {}
        : { status: { code: 403, reason: "Forbidden", message: body.message } }),
      ...(body.warnings === undefined || body.warnings.length === 0
        ? {}
        : { warnings: body.warnings }),
      ...(body.auditAnnotations === undefined ? {} : { auditAnnotations: body.auditAnnotations }),
      ...(body.patch === undefined || body.patch.length === 0
        ? {}
        : {
            patchType: "JSONPatch",
            patch: Buffer.from(JSON.stringify(body.patch)).toString("base64"),
          }),
    },
  };
}

/** The review answer for a validation decision. */
export function validationResponse(uid: string, decision: AdmissionDecision): unknown {
  return reviewResponse(uid, {
    allowed: decision.allowed,
    ...(decision.allowed ? {} : { message: denialMessage(decision) }),
    warnings: decision.warned.map((verdict) => `[tenet ${verdict.checkId}] ${verdict.message}`),
    auditAnnotations: auditAnnotationsOf(decision),
  });
}
