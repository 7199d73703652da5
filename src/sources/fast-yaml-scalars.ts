// The lexical side of the fast YAML reader: one-line scalars, keys, anchors, and how plain
// scalars resolve (through the `yaml` package's own YAML 1.1 tags, so both readers agree).
import { isScalar, Schema, type ScalarTag } from "yaml";
import { kubernetesTags } from "./yaml-schema.ts";

/** Outside the subset: hand the document to the `yaml` package. */
export class Unsupported extends Error {
  override readonly name = "Unsupported";
}

const SCHEMA = new Schema({ schema: "yaml-1.1", customTags: kubernetesTags });
const SCALAR_TAGS = SCHEMA.tags.filter(
  (tag): tag is ScalarTag => tag.default === true && !("collection" in tag && tag.collection),
);
const RESOLVE_OPTIONS = { intAsBigInt: false };
const MAY_RESOLVE = new Set([..."~nNyYtTfFoO+-.0123456789"].map((char) => char.charCodeAt(0)));
/** Keys repeat (`apiVersion`, `name`, ...): their resolution is remembered, up to a bound. */
const KEY_CACHE = new Map<string, string>();
const KEY_CACHE_LIMIT = 4096;

// Characters that, at the start of a plain scalar, make it something else (YAML 1.2 §7.3.3).
const INDICATORS = new Set([
  "[",
  "]",
  "{",
  "}",
  "&",
  "*",
  "!",
  "|",
  ">",
  "'",
  '"',
  "%",
  "@",
  "`",
  "#",
  "?",
  ":",
  ",",
]);

const ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};

/** `&name` or `*name` at `start`: the name, and where the rest of the line starts. */
export function anchorAt(text: string, start: number): { name: string; next: number } {
  let end = start + 1;
  while (end < text.length && text[end] !== " ") end++;
  const name = text.slice(start + 1, end);
  // Flow indicators end a name in flow context; names with them are left to `yaml`.
  if (name === "" || /[,[\]{}]/.test(name)) throw new Unsupported();
  let next = end;
  while (text.charCodeAt(next) === 0x20) next++;
  if (text[next] === "#" && next > end) next = text.length;
  return { name, next };
}

export function indentOf(text: string): number {
  let indent = 0;
  while (text.charCodeAt(indent) === 0x20) indent++;
  return indent;
}

export function isSequenceEntry(text: string, column: number): boolean {
  if (text[column] !== "-") return false;
  const after = text[column + 1];
  return after === undefined || after === " ";
}

/** The key of a `key: value` entry at `start`, and the offset of its colon. */
export function keyEnd(text: string, start: number): { key: string; end: number } | undefined {
  const first = text[start];
  if (first === '"' || first === "'") {
    const quoted = quotedAt(text, start);
    const after = text[quoted.end];
    if (after !== ":") return undefined;
    const next = text[quoted.end + 1];
    if (next !== undefined && next !== " ") throw new Unsupported();
    return { key: quoted.value, end: quoted.end };
  }
  if (first === undefined || INDICATORS.has(first) || isSequenceEntry(text, start)) {
    return undefined;
  }
  let colon = text.indexOf(":", start);
  while (colon >= 0 && colon + 1 < text.length && text[colon + 1] !== " ") {
    colon = text.indexOf(":", colon + 1);
  }
  if (colon < 0) return undefined;
  const raw = text.slice(start, colon);
  if (raw.includes(" #") || raw.length > 1024) throw new Unsupported();
  const cached = KEY_CACHE.get(raw);
  if (cached !== undefined) return { key: cached, end: colon };
  const key = keyString(resolvePlain(raw.trimEnd()));
  if (KEY_CACHE.size >= KEY_CACHE_LIMIT) KEY_CACHE.clear();
  KEY_CACHE.set(raw, key);
  return { key, end: colon };
}

/** A key as the `yaml` package names it in a JS object. */
function keyString(value: unknown): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Unsupported();
}

/** The one-line scalar value starting at `start`, with an optional trailing comment. */
export function scalarAt(text: string, start: number): unknown {
  const first = text[start];
  if (first === '"' || first === "'") {
    const quoted = quotedAt(text, start);
    let rest = quoted.end;
    while (text.charCodeAt(rest) === 0x20) rest++;
    if (rest < text.length && !(text[rest] === "#" && rest > quoted.end)) throw new Unsupported();
    return quoted.value;
  }
  if (first === undefined || INDICATORS.has(first) || isSequenceEntry(text, start)) {
    throw new Unsupported();
  }
  const comment = text.indexOf(" #", start);
  const plain = (comment < 0 ? text.slice(start) : text.slice(start, comment)).trimEnd();
  if (plain.includes(": ") || plain.endsWith(":")) throw new Unsupported();
  return resolvePlain(plain);
}

/** A one-line quoted scalar at `start`: its value and the offset after the closing quote. */
function quotedAt(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = "";
  let i = start + 1;
  for (;;) {
    const next = text.indexOf(quote === '"' ? '"' : "'", i);
    const escape = quote === '"' ? text.indexOf("\\", i) : -1;
    if (next < 0) throw new Unsupported();
    if (escape >= 0 && escape < next) {
      value += text.slice(i, escape);
      const [decoded, length] = unescape(text, escape);
      value += decoded;
      i = escape + length;
      continue;
    }
    value += text.slice(i, next);
    if (quote === "'" && text[next + 1] === "'") {
      value += "'";
      i = next + 2;
      continue;
    }
    return { value, end: next + 1 };
  }
}

/** A double-quoted escape at `at` (the backslash): its text and its length. */
function unescape(text: string, at: number): [string, number] {
  const code = text[at + 1];
  if (code === undefined) throw new Unsupported();
  const simple = ESCAPES[code];
  if (simple !== undefined) return [simple, 2];
  const length = code === "x" ? 2 : code === "u" ? 4 : code === "U" ? 8 : 0;
  const hex = text.slice(at + 2, at + 2 + length);
  if (length === 0 || hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new Unsupported();
  }
  const point = parseInt(hex, 16);
  if (point > 0x10ffff) throw new Unsupported();
  return [String.fromCodePoint(point), 2 + length];
}

/** A plain scalar through the YAML 1.1 tags, the way the `yaml` package's composer does. */
function resolvePlain(plain: string): unknown {
  // Every YAML 1.1 null, boolean, int and float starts with one of these (or is empty): any
  // other plain scalar is a string without trying the tags' patterns.
  if (plain !== "" && !MAY_RESOLVE.has(plain.charCodeAt(0))) return plain;
  const tag = SCALAR_TAGS.find((candidate) => candidate.test?.test(plain) === true);
  if (tag === undefined || tag.resolve === undefined) return plain;
  let failed = false;
  const resolved: unknown = tag.resolve(plain, () => (failed = true), RESOLVE_OPTIONS);
  if (failed) throw new Unsupported();
  return isScalar(resolved) ? resolved.value : resolved;
}

/**
 * Control characters, tabs, the YAML 1.1 line breaks NEL, LS and PS, a byte-order mark: each has
 * rules this reader does not implement.
 */
export function hasUnsupportedChar(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) {
      return true;
    }
  }
  return false;
}
