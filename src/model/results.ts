import type { Result, Severity } from "./check-meta.ts";
import type { ObjectRef } from "./kube-object.ts";

// Small builders so that every control writes results the same way.

export function pass(
  checkId: string,
  target: ObjectRef,
  message: string,
  evidence?: Readonly<Record<string, unknown>>,
): Result {
  return {
    checkId,
    status: "pass",
    target,
    message,
    ...(evidence === undefined ? {} : { evidence }),
  };
}

export function fail(
  checkId: string,
  target: ObjectRef,
  message: string,
  evidence?: Readonly<Record<string, unknown>>,
  severity?: Severity,
): Result {
  return {
    checkId,
    status: "fail",
    target,
    message,
    ...(evidence === undefined ? {} : { evidence }),
    ...(severity === undefined ? {} : { severity }),
  };
}

/** The control does not apply, or its input was not observed; the reason says which. */
export function skip(checkId: string, target: ObjectRef, reason: string): Result {
  return { checkId, status: "skip", target, message: reason };
}
