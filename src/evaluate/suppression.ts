import type { Result } from "../model/check-meta.ts";
import type { Inventory } from "../model/inventory.ts";
import type { ObjectRef } from "../model/kube-object.ts";
import type { Suppression } from "../model/report.ts";
import { covers, isLive, type ExceptionEntry } from "./exceptions.ts";

/** The annotation that silences controls on one object: a comma-separated list of ids. */
export const IGNORE_ANNOTATION = "tenet.dev/ignore";

/**
 * Why a failing result is silenced, or undefined. The annotation is read from the target
 * object itself (for a pod template: the workload that carries it); exceptions must be live.
 */
export function suppressionOf(
  result: Result,
  inventory: Inventory,
  exceptions: readonly ExceptionEntry[],
  now: Date,
): Suppression | undefined {
  return suppressionLookup(inventory, exceptions, now)(result);
}

/**
 * `suppressionOf` for many results of one scan: the live exceptions are chosen once, and each
 * target's ignore annotation is looked up once (the controls of a pod share its reference).
 */
export function suppressionLookup(
  inventory: Inventory,
  exceptions: readonly ExceptionEntry[],
  now: Date,
): (result: Result) => Suppression | undefined {
  const live = exceptions.filter((entry) => isLive(entry, now));
  const ignored = new WeakMap<ObjectRef, readonly string[]>();
  const ignoredBy = (target: ObjectRef): readonly string[] => {
    let ids = ignored.get(target);
    if (ids === undefined) {
      const annotation = inventory.get(target.kind, target.namespace, target.name)?.object.metadata
        .annotations?.[IGNORE_ANNOTATION];
      ids = annotation === undefined ? [] : annotation.split(",").map((id) => id.trim());
      ignored.set(target, ids);
    }
    return ids;
  };
  return (result) => {
    if (result.status !== "fail") return undefined;
    const { target } = result;
    if (ignoredBy(target).includes(result.checkId)) {
      return { by: "annotation", reason: `${IGNORE_ANNOTATION} on ${target.kind} ${target.name}` };
    }
    const exception = live.find((entry) => covers(entry, result.checkId, target));
    return exception === undefined
      ? undefined
      : {
          by: "exception",
          owner: exception.owner,
          reason: exception.reason,
          expires: exception.expires,
        };
  };
}
