import { stringAt } from "./fields.ts";

/**
 * The ServiceAccount a pod spec runs as, as the apiserver settles it: `serviceAccount` is the
 * deprecated alias of `serviceAccountName`, and the ServiceAccount admission plugin sets an
 * empty or absent name to `default`. An empty string is absent here too (`||`, not `??`).
 */
export function serviceAccountNameOfSpec(spec: unknown): string {
  return stringAt(spec, "serviceAccountName") || stringAt(spec, "serviceAccount") || "default";
}
