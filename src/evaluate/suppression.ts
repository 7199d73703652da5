import type { Result } from "../model/check-meta.ts";
import type { Inventory } from "../model/inventory.ts";
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
  if (result.status !== "fail") return undefined;
  const { target } = result;
  const annotation = inventory.get(target.kind, target.namespace, target.name)?.object.metadata
    .annotations?.[IGNORE_ANNOTATION];
  if (annotation !== undefined) {
    const ids = annotation.split(",").map((id) => id.trim());
    if (ids.includes(result.checkId)) {
      return { by: "annotation", reason: `${IGNORE_ANNOTATION} on ${target.kind} ${target.name}` };
    }
  }
  const exception = exceptions.find(
    (entry) => isLive(entry, now) && covers(entry, result.checkId, target),
  );
  return exception === undefined
    ? undefined
    : {
        by: "exception",
        owner: exception.owner,
        reason: exception.reason,
        expires: exception.expires,
      };
}
