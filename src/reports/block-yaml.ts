import { toKubernetesYaml } from "../model/kube-yaml.ts";

// The yaml package builds a node tree for every value it writes: at 100k objects a PolicyReport
// took 90 s. Reports are maps and lists of scalars, so their layout is written here, and each
// distinct scalar and key is still rendered by the yaml package (quoting, YAML 1.1 booleans)
// once. Whatever this does not lay out the same way (multi-line text, a value seen twice, which
// the package writes as an alias) is handed whole to the package. A property test holds the two
// byte-equal.

/** Raised inside when a value needs the yaml package's own layout. */
class NeedsYaml extends Error {}

type Scalar = string | number | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    // -0 is left to the package: a Map key cannot tell it from 0.
    (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0))
  );
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Where a scalar or key is written changes how it is quoted (`...` at the start of a line ends a
 * document; nested, it is plain), so each is rendered by the package in a document that puts it
 * in the same place: at the root, or nested one level, which stands for every deeper level.
 */
type Place = "rootKey" | "key" | "rootValue" | "value" | "item";

function rendered(place: Place, item: unknown): string | undefined {
  const [document, prefix, suffix] = (
    {
      rootKey: [{ [String(item)]: 0 }, "", ": 0\n"],
      key: [{ k: { [String(item)]: 0 } }, "k:\n  ", ": 0\n"],
      rootValue: [{ k: item }, "k: ", "\n"],
      value: [{ k: { k: item } }, "k:\n  k: ", "\n"],
      item: [{ k: { k: [item] } }, "k:\n  k:\n    - ", "\n"],
    } as const
  )[place];
  const text = toKubernetesYaml(document);
  if (!text.startsWith(prefix) || !text.endsWith(suffix)) return undefined;
  const middle = text.slice(prefix.length, text.length - suffix.length);
  return middle.includes("\n") || middle === "" || middle.startsWith("? ") ? undefined : middle;
}

/** A writer with its caches: one per report, shared by its documents. */
export function blockYamlWriter(): (value: unknown) => string {
  const caches = new Map<Place, Map<Scalar, string>>();

  const render = (place: Place, item: Scalar): string => {
    let cache = caches.get(place);
    if (cache === undefined) {
      cache = new Map();
      caches.set(place, cache);
    }
    let text = cache.get(item);
    if (text === undefined) {
      text = rendered(place, item);
      if (text === undefined) throw new NeedsYaml();
      cache.set(item, text);
    }
    return text;
  };

  const write = (value: unknown): string => {
    if (!isPlainObject(value) || Object.keys(value).length === 0) throw new NeedsYaml();
    const out: string[] = [];
    const seen = new Set<object>();
    const enter = (object: object): void => {
      if (seen.has(object)) throw new NeedsYaml();
      seen.add(object);
    };

    const mapLines = (map: Readonly<Record<string, unknown>>, pad: string): void => {
      enter(map);
      for (const [name, item] of Object.entries(map)) {
        const root = pad === "";
        const head = `${pad}${render(root ? "rootKey" : "key", name)}:`;
        if (isScalar(item)) out.push(`${head} ${render(root ? "rootValue" : "value", item)}`);
        else if (Array.isArray(item)) {
          if (item.length === 0) out.push(`${head} []`);
          else {
            out.push(head);
            seqLines(item, `${pad}  `);
          }
        } else if (isPlainObject(item)) {
          if (Object.keys(item).length === 0) out.push(`${head} {}`);
          else {
            out.push(head);
            mapLines(item, `${pad}  `);
          }
        } else throw new NeedsYaml();
      }
    };

    const seqLines = (list: readonly unknown[], pad: string): void => {
      enter(list);
      for (const item of list) {
        if (isScalar(item)) out.push(`${pad}- ${render("item", item)}`);
        else if (isPlainObject(item) && Object.keys(item).length > 0) {
          const first = out.length;
          mapLines(item, `${pad}  `);
          // The first key shares the dash's line.
          out[first] = `${pad}- ${(out[first] ?? "").slice(pad.length + 2)}`;
        } else if (isPlainObject(item)) out.push(`${pad}- {}`);
        else if (Array.isArray(item) && item.length === 0) out.push(`${pad}- []`);
        else throw new NeedsYaml();
      }
    };

    mapLines(value, "");
    return `${out.join("\n")}\n`;
  };

  return (value) => {
    try {
      return write(value);
    } catch (error) {
      if (error instanceof NeedsYaml) return toKubernetesYaml(value);
      throw error;
    }
  };
}
