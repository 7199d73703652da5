import { stringAt } from "../../../model/fields.ts";
import type { PodTemplateView } from "../../../model/pod-template.ts";

/**
 * The ServiceAccount a pod runs as. `serviceAccount` is the deprecated alias of
 * `serviceAccountName`, and an empty name is defaulted like an absent one, to `default`.
 */
export function serviceAccountNameOf(pod: PodTemplateView): string {
  return (
    stringAt(pod.spec, "serviceAccountName") || stringAt(pod.spec, "serviceAccount") || "default"
  );
}
