import { isObject, objectAt, type JsonObject } from "./fields.ts";
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

/** Per kind, the path to the PodSpec: one frozen array shared by every view of the kind. */
const SPEC_PATHS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(POD_TEMPLATE_PATHS).map(([kind, path]) => [
    kind,
    Object.freeze([...path, "spec"]),
  ]),
);

const NO_STRINGS: Readonly<Record<string, string>> = Object.freeze({});

/** The pod template of a workload object, or undefined when the kind carries none. */
export function podTemplateOf(
  object: KubeObject,
  namespace: string,
  ownerRef: ObjectRef,
  location: SourceLocation,
): PodTemplateView | undefined {
  const path = POD_TEMPLATE_PATHS[object.kind];
  const specPath = SPEC_PATHS.get(object.kind);
  if (path === undefined || specPath === undefined) return undefined;
  const template: unknown = path.length === 0 ? object : objectAt(object, ...path);
  if (!isObject(template)) return undefined;
  const metadata = template["metadata"];
  return {
    owner: object,
    ownerRef,
    namespace,
    labels: isObject(metadata) ? stringMap(metadata["labels"]) : NO_STRINGS,
    annotations: isObject(metadata) ? stringMap(metadata["annotations"]) : NO_STRINGS,
    spec: objectAt(template, "spec") ?? {},
    specPath,
    location,
  };
}

/**
 * The string entries of a map. A map of strings only (what sources give for a Pod's own
 * metadata) is shared as it is rather than copied: there is one view per pod, and 100k copies
 * cost more than the rest of the inventory.
 */
function stringMap(value: unknown): Readonly<Record<string, string>> {
  if (!isObject(value)) return NO_STRINGS;
  let allStrings = Object.getPrototypeOf(value) === Object.prototype;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || typeof value[key] !== "string") {
      allStrings = false;
      break;
    }
  }
  if (allStrings) return value as Readonly<Record<string, string>>;
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string") result[key] = item;
  }
  return result;
}
