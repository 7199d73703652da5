// `JSON.stringify(value, null, indent)`, but as a sequence of chunks: a report of a large
// cluster is bigger than the longest string V8 can hold (about 512 MiB), so formatters that emit
// JSON yield it piecewise and the CLI writes the pieces as they come. Containers near the root are
// walked here; anything deeper than `depth` is small and left to JSON.stringify. The bytes are
// those of JSON.stringify exactly (a property test holds the two equal).

/**
 * An array whose elements are made only when serialized: a million SARIF results need not all
 * exist at once. Serialized like the array of `map` over `items`.
 */
export class LazyArray<T, U> {
  readonly items: Iterable<T>;
  readonly map: (item: T) => U;
  constructor(items: Iterable<T>, map: (item: T) => U) {
    this.items = items;
    this.map = map;
  }
  toJSON(): U[] {
    return Array.from(this.items, this.map);
  }
}

export interface JsonChunkOptions {
  /** Spaces per level, as JSON.stringify's third argument. */
  readonly indent?: number;
  /** Levels walked as chunks; deeper values are stringified whole. */
  readonly depth?: number;
}

type Walkable =
  | { readonly kind: "array"; readonly items: Iterable<unknown> }
  | { readonly kind: "object"; readonly value: Readonly<Record<string, unknown>> };

/** Arrays and plain objects are walked; everything else (dates, boxed values) is JSON.stringify's. */
function walkable(value: unknown): Walkable | undefined {
  if (value instanceof LazyArray) {
    const lazy = value as LazyArray<unknown, unknown>;
    return { kind: "array", items: mapIterable(lazy.items, lazy.map) };
  }
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) return { kind: "array", items: value as unknown[] };
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined;
  return { kind: "object", value: value as Record<string, unknown> };
}

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/** What JSON.stringify leaves out of objects and writes as null in arrays. */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** The chunks of `JSON.stringify(value, null, indent)`, followed by nothing (no newline). */
export function* jsonChunks(value: unknown, options: JsonChunkOptions = {}): Generator<string> {
  const indent = options.indent ?? 2;
  yield* chunksAt(value, " ".repeat(indent), "", options.depth ?? 3);
}

function* chunksAt(value: unknown, step: string, pad: string, depth: number): Generator<string> {
  const container = depth > 0 ? walkable(value) : undefined;
  if (container === undefined) {
    const text = JSON.stringify(value, null, step);
    // Only structural newlines exist in JSON text (string newlines are escaped), so re-indenting
    // a nested value is a plain replacement.
    yield pad === "" ? text : text.replaceAll("\n", `\n${pad}`);
    return;
  }
  const inner = pad + step;
  let first = true;
  if (container.kind === "array") {
    for (const item of container.items) {
      yield `${first ? "[\n" : ",\n"}${inner}`;
      first = false;
      if (isOmitted(item)) yield "null";
      else yield* chunksAt(item, step, inner, depth - 1);
    }
    yield first ? "[]" : `\n${pad}]`;
    return;
  }
  for (const [key, item] of Object.entries(container.value)) {
    if (isOmitted(item)) continue;
    yield `${first ? "{\n" : ",\n"}${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* chunksAt(item, step, inner, depth - 1);
  }
  yield first ? "{}" : `\n${pad}}`;
}
