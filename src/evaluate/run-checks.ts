import type { Check, CheckContext } from "../checks/check.ts";
import type { Result } from "../model/check-meta.ts";

/** The result a control gets when it throws: `error`, never `fail`, and the scan goes on. */
function errorResult(check: Check, error: unknown): Result {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    checkId: check.id,
    status: "error",
    target: { kind: "Check", name: check.id },
    message: `Control could not be evaluated: ${reason}`,
  };
}

/** A control whose input could not be read judges nothing: one skip that says what is missing. */
function unobservedResult(check: Check, kinds: readonly string[]): Result {
  return {
    checkId: check.id,
    status: "skip",
    target: { kind: "Check", name: check.id },
    message: `Not observed: ${kinds.join(", ")} could not be read, so this control cannot judge`,
  };
}

/** Kinds a control judges object by object that could not be read: their objects go unjudged. */
function unjudgedResult(check: Check, kinds: readonly string[]): Result {
  return {
    checkId: check.id,
    status: "skip",
    target: { kind: "Check", name: check.id },
    message: `Not observed: ${kinds.join(", ")} could not be read, so those objects are not judged`,
  };
}

/**
 * Runs each control on the snapshot. This is the one place that catches a throwing control:
 * its error becomes a result, so one broken control never hides the others' findings.
 */
export function runChecks(checks: readonly Check[], context: CheckContext): readonly Result[] {
  const { unobservedKinds } = context.inventory;
  return checks.flatMap((check) => {
    const missing = (check.reads ?? []).filter((kind) => unobservedKinds.has(kind));
    const judgedAlone = new Set(check.judges ?? []);
    const blinding = missing.filter((kind) => !judgedAlone.has(kind));
    if (blinding.length > 0) return [unobservedResult(check, blinding)];
    try {
      const results = check.evaluate(context).map((result) =>
        // A control reports under its own id; anything else is a bug we surface, not trust.
        result.checkId === check.id ? result : { ...result, checkId: check.id },
      );
      return missing.length > 0 ? [...results, unjudgedResult(check, missing)] : results;
    } catch (error) {
      return [errorResult(check, error)];
    }
  });
}
