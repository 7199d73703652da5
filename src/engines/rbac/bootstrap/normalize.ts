import { isObject, type JsonObject } from "../../../model/fields.ts";

export const BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";
export const BOOTSTRAP_LABEL_VALUE = "rbac-defaults";

const KIND_ORDER = ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];
const KEEP_METADATA = ["name", "namespace", "labels", "annotations"];
const KEEP_BODY = ["rules", "aggregationRule", "roleRef", "subjects"];

/**
 * The bootstrap objects as stored in Tenet: only the default-policy label's objects; metadata
 * cut to name, namespace, labels and annotations (no uid, resourceVersion, timestamps or
 * managedFields, which differ on every run); sorted by kind, namespace and name. The same
 * apiserver version therefore always yields the same file.
 */
export function normalizeBootstrapObjects(
  items: readonly { readonly kind: string; readonly object: unknown }[],
): JsonObject[] {
  const out: JsonObject[] = [];
  for (const { kind, object } of items) {
    if (!isObject(object)) continue;
    const metadata = object["metadata"];
    if (!isObject(metadata)) continue;
    const labels = metadata["labels"];
    if (!isObject(labels) || labels[BOOTSTRAP_LABEL] !== BOOTSTRAP_LABEL_VALUE) continue;
    out.push({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind,
      metadata: pick(metadata, KEEP_METADATA),
      ...pick(object, KEEP_BODY),
    });
  }
  return out.sort((a, b) => {
    const key = (o: JsonObject) => {
      const meta = isObject(o["metadata"]) ? o["metadata"] : {};
      const text = (value: unknown) => (typeof value === "string" ? value : "");
      return `${KIND_ORDER.indexOf(text(o["kind"]))}\u0000${text(meta["namespace"])}\u0000${text(meta["name"])}`;
    };
    const left = key(a);
    const right = key(b);
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/** Copies the given keys, dropping absent ones and (recursively) null or undefined values. */
function pick(from: JsonObject, keys: readonly string[]): JsonObject {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = clean(from[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function clean(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(clean).filter((item) => item !== undefined);
  if (value instanceof Date) return value.toISOString();
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cleaned = clean(item);
    if (cleaned !== undefined) out[key] = cleaned;
  }
  return out;
}
