import { isObject, objectAt, stringMapAt, type JsonObject } from "./fields.ts";
import { POD_TEMPLATE_PATHS } from "./kinds.ts";
import type { KubeObject, ObjectRef, SourceLocation } from "./kube-object.ts";

/**
 * A pod as every check sees it: a bare Pod, or the pod template of a workload. Checks read
 * `spec` and `labels` here and report against `owner`, so a Deployment and a Pod with the same
 * spec get the same findings.
 */
export interface PodTemplateView {
  /** The object that carries the template (the Deployment, the CronJob, the Pod). */
  readonly owner: KubeObject;
  readonly ownerRef: ObjectRef;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The PodSpec; `{}` when the template has none. */
  readonly spec: JsonObject;
  /** JSON path from the owner's root to the PodSpec (for patches). */
  readonly specPath: readonly string[];
  readonly location: SourceLocation;
}

/** The pod template of a workload object, or undefined when the kind carries none. */
export function podTemplateOf(
  object: KubeObject,
  namespace: string,
  ownerRef: ObjectRef,
  location: SourceLocation,
): PodTemplateView | undefined {
  const path = POD_TEMPLATE_PATHS[object.kind];
  if (path === undefined) return undefined;
  const template: unknown = path.length === 0 ? object : objectAt(object, ...path);
  if (!isObject(template)) return undefined;
  return {
    owner: object,
    ownerRef,
    namespace,
    labels: stringMapAt(template, "metadata", "labels"),
    annotations: stringMapAt(template, "metadata", "annotations"),
    spec: objectAt(template, "spec") ?? {},
    specPath: [...path, "spec"],
    location,
  };
}
