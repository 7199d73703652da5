// Defensive accessors for the untyped parts of loaded objects. Input is untrusted: a field
// may be missing or of the wrong type, and a check must then see "absent", never crash.

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, ...path: readonly string[]): JsonObject | undefined {
  const found = valueAt(value, path);
  return isObject(found) ? found : undefined;
}

export function arrayAt(value: unknown, ...path: readonly string[]): readonly unknown[] {
  const found = valueAt(value, path);
  return Array.isArray(found) ? found : [];
}

/** The objects of an array field, skipping entries that are not objects. */
export function objectsAt(value: unknown, ...path: readonly string[]): readonly JsonObject[] {
  return arrayAt(value, ...path).filter(isObject);
}

export function stringAt(value: unknown, ...path: readonly string[]): string | undefined {
  const found = valueAt(value, path);
  return typeof found === "string" ? found : undefined;
}

export function booleanAt(value: unknown, ...path: readonly string[]): boolean | undefined {
  const found = valueAt(value, path);
  return typeof found === "boolean" ? found : undefined;
}

export function numberAt(value: unknown, ...path: readonly string[]): number | undefined {
  const found = valueAt(value, path);
  return typeof found === "number" && Number.isFinite(found) ? found : undefined;
}

export function stringsAt(value: unknown, ...path: readonly string[]): readonly string[] {
  return arrayAt(value, ...path).filter((item): item is string => typeof item === "string");
}

/** A string map (labels, selectors); non-string values are dropped. */
export function stringMapAt(
  value: unknown,
  ...path: readonly string[]
): Readonly<Record<string, string>> {
  const found = objectAt(value, ...path);
  if (found === undefined) return {};
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(found)) {
    if (typeof item === "string") result[key] = item;
  }
  return result;
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
