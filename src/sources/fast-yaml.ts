// A fast reader for the plain block YAML that Kubernetes tools write: block mappings and
// sequences of one-line plain or quoted scalars. The `yaml` package reads about 1 MB/s on a busy
// machine, too slow for 100k objects. Anything outside this subset (flow collections, block
// scalars, anchors, tags, multi-line scalars, duplicate or merge keys, tabs) returns undefined,
// and the document goes to the `yaml` package. Scalars resolve through the `yaml` package's own
// YAML 1.1 tags, so both readers agree (a differential property test holds them to it).
import { isScalar, Schema, type ScalarTag } from "yaml";
import type { Position } from "./load-options.ts";
import { kubernetesTags } from "./yaml-schema.ts";

interface Line {
  readonly text: string;
  /** Index in the document's lines, blank and comment lines included. */
  readonly raw: number;
  readonly indent: number;
  /** 1-based. */
  readonly number: number;
}

export interface FastDocument {
  readonly value: unknown;
  readonly position: Position;
  /** Start of each element of the root sequence, or of a root mapping's `items`. */
  readonly elements: readonly Position[] | undefined;
}

/** Outside the subset: hand the document to the `yaml` package. */
class Unsupported extends Error {
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

/**
 * One document's text (no `---` lines), whose first line is line `firstLine` of the file;
 * undefined when outside the subset. A document of only comments has the value null.
 */
export function readFastDocument(
  text: string,
  firstLine: number,
  maxDepth: number,
  maxAliasCount = 100,
): FastDocument | undefined {
  try {
    return new Reader(text, firstLine, maxDepth, maxAliasCount).document();
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

class Reader {
  private readonly lines: Line[] = [];
  /** Every line, for block scalars, whose content may look like blank lines and comments. */
  private readonly raw: string[] = [];
  private index = 0;
  private readonly maxDepth: number;
  private readonly positions = new WeakMap<readonly unknown[], Position[]>();

  /** Anchors defined so far; an alias is the anchored value itself, as in the `yaml` package. */
  private readonly anchors = new Map<string, { readonly value: unknown; uses: number }>();
  private aliasUses = 0;
  private readonly maxAliasCount: number;

  constructor(text: string, firstLine: number, maxDepth: number, maxAliasCount: number) {
    this.maxDepth = maxDepth;
    this.maxAliasCount = maxAliasCount;
    let number = firstLine;
    for (let start = 0; start <= text.length; number++) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      let line = text.slice(start, end);
      start = end + 1;
      if (line.endsWith("\r")) line = line.slice(0, -1);
      if (hasUnsupportedChar(line)) throw new Unsupported();
      this.raw.push(line);
      const indent = indentOf(line);
      if (indent === line.length || line[indent] === "#") continue;
      this.lines.push({ text: line, raw: this.raw.length - 1, indent, number });
    }
  }

  document(): FastDocument {
    const first = this.lines[0];
    if (first === undefined) {
      return { value: null, position: { line: 1, column: 1 }, elements: undefined };
    }
    const value = this.block(first, 1);
    if (this.index < this.lines.length) throw new Unsupported();
    const position = { line: first.number, column: first.indent + 1 };
    const elementsOf = Array.isArray(value)
      ? value
      : isRecord(value) && Array.isArray(value["items"])
        ? value["items"]
        : undefined;
    const elements = elementsOf === undefined ? undefined : this.positions.get(elementsOf);
    return { value, position, elements };
  }

  /** The mapping or sequence whose first line is `line`, at its indentation. */
  private block(line: Line, depth: number): unknown {
    if (isSequenceEntry(line.text, line.indent)) return this.sequence(line.indent, depth);
    return this.mapping(line.indent, depth);
  }

  /** A block sequence whose dashes are at `column`, starting at the current line. */
  private sequence(column: number, depth: number): unknown[] {
    if (depth > this.maxDepth) throw new Unsupported();
    const items: unknown[] = [];
    const positions: Position[] = [];
    for (;;) {
      const line = this.current();
      let start = column + 1;
      while (line.text.charCodeAt(start) === 0x20) start++;
      if (start >= line.text.length || line.text[start] === "#") {
        // `-` alone: the item is the block below, or null.
        this.index++;
        const next = this.lines[this.index];
        if (next !== undefined && next.indent > column) {
          positions.push({ line: next.number, column: next.indent + 1 });
          items.push(this.block(next, depth + 1));
        } else {
          throw new Unsupported();
        }
      } else {
        positions.push(this.nodeStart(line, start));
        items.push(this.inline(line, start, column, depth + 1));
      }
      // A line at the dashes' column that is not an entry ends a sequence that sits under its
      // key (`key:` then `- a` at the same indentation); the caller judges that line.
      const next = this.lines[this.index];
      if (next === undefined || next.indent < column) break;
      if (next.indent > column) throw new Unsupported();
      if (!isSequenceEntry(next.text, column)) break;
    }
    this.positions.set(items, positions);
    return items;
  }

  /** A node that starts mid-line at `start`, after a dash at `parentColumn`. */
  private inline(line: Line, start: number, parentColumn: number, depth: number): unknown {
    if (isSequenceEntry(line.text, start)) return this.sequence(start, depth);
    const first = line.text[start];
    if (first === "&") {
      // `- &a key: v` would anchor the key, not the mapping: left to `yaml`; and
      const anchor = anchorAt(line.text, start);
      // `- &a - x`, `- &a &b x` and `- &a *b` are not YAML at all.
      const rest = line.text[anchor.next];
      if (
        rest !== undefined &&
        (rest === "&" ||
          rest === "*" ||
          keyEnd(line.text, anchor.next) !== undefined ||
          isSequenceEntry(line.text, anchor.next))
      ) {
        throw new Unsupported();
      }
      return this.anchored(anchor.name, () =>
        anchor.next >= line.text.length
          ? this.nodeBelow(parentColumn, depth)
          : this.inline(line, anchor.next, parentColumn, depth),
      );
    }
    if (keyEnd(line.text, start) !== undefined) return this.mapping(start, depth);
    if (first === "|") return this.literal(line, start, parentColumn);
    const value = first === "*" ? this.alias(line.text, start) : scalarAt(line.text, start);
    this.index++;
    this.noContinuation(parentColumn);
    return value;
  }

  /** Where the node at `start` begins, as `yaml` counts it: after an anchor. */
  private nodeStart(line: Line, start: number): Position {
    if (line.text[start] !== "&") return { line: line.number, column: start + 1 };
    const { next } = anchorAt(line.text, start);
    if (next < line.text.length) return { line: line.number, column: next + 1 };
    const below = this.lines[this.index + 1];
    if (below === undefined) throw new Unsupported();
    return { line: below.number, column: below.indent + 1 };
  }

  /** The block below the current line (past its header), deeper than `column`. */
  private nodeBelow(column: number, depth: number): unknown {
    this.index++;
    const next = this.lines[this.index];
    if (next === undefined || next.indent <= column) throw new Unsupported();
    return this.block(next, depth);
  }

  /** Reads an anchored node; one that holds an alias is left to `yaml` (it counts those). */
  private anchored(name: string, read: () => unknown): unknown {
    const before = this.aliasUses;
    const previous = this.anchors.get(name);
    const value = read();
    // Aliases inside, or the same name anchored again inside (`yaml` names in order of
    // appearance, so the inner one would win): left to `yaml`.
    if (this.aliasUses !== before || this.anchors.get(name) !== previous) {
      throw new Unsupported();
    }
    this.anchors.set(name, { value, uses: 0 });
    return value;
  }

  /** `*name`, alone on the rest of the line. */
  private alias(text: string, start: number): unknown {
    const { name, next } = anchorAt(text, start);
    if (next < text.length) throw new Unsupported();
    const anchor = this.anchors.get(name);
    if (anchor === undefined) throw new Unsupported();
    anchor.uses++;
    this.aliasUses++;
    // Past the bound the `yaml` package refuses the document: let it.
    if (this.maxAliasCount >= 0 && anchor.uses > this.maxAliasCount) throw new Unsupported();
    return anchor.value;
  }

  /** A block mapping whose keys are at `column`, starting at the current line. */
  private mapping(column: number, depth: number): Record<string, unknown> {
    if (depth > this.maxDepth) throw new Unsupported();
    const result: Record<string, unknown> = {};
    for (;;) {
      const line = this.current();
      const found = keyEnd(line.text, column);
      if (found === undefined) throw new Unsupported();
      const key = found.key;
      if (key === "<<" || Object.hasOwn(result, key)) throw new Unsupported();
      let valueStart = found.end + 1;
      while (line.text.charCodeAt(valueStart) === 0x20) valueStart++;
      let value: unknown;
      this.index++;
      if (valueStart >= line.text.length || line.text[valueStart] === "#") {
        const next = this.lines[this.index];
        if (next !== undefined && next.indent > column) value = this.block(next, depth + 1);
        else if (
          next !== undefined &&
          next.indent === column &&
          isSequenceEntry(next.text, column)
        ) {
          value = this.sequence(column, depth + 1);
        } else value = null;
      } else if (line.text[valueStart] === "|") {
        value = this.literal(line, valueStart, column);
      } else if (line.text[valueStart] === "&") {
        const anchor = anchorAt(line.text, valueStart);
        value = this.anchored(anchor.name, () => {
          if (anchor.next >= line.text.length) {
            this.index--;
            return this.nodeBelow(column, depth + 1);
          }
          const rest = line.text[anchor.next];
          if (rest === "|") return this.literal(line, anchor.next, column);
          if (rest === "*" || rest === "&") throw new Unsupported();
          const scalar = scalarAt(line.text, anchor.next);
          this.noContinuation(column);
          return scalar;
        });
      } else if (line.text[valueStart] === "*") {
        value = this.alias(line.text, valueStart);
        this.noContinuation(column);
      } else {
        value = scalarAt(line.text, valueStart);
        this.noContinuation(column);
      }
      // `key in result` is true for `__proto__`: define it as the `yaml` package does.
      if (key in result) {
        Object.defineProperty(result, key, {
          value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      } else result[key] = value;
      const next = this.lines[this.index];
      if (next === undefined || next.indent < column) return result;
      if (next.indent > column || isSequenceEntry(next.text, column)) throw new Unsupported();
    }
  }

  /**
   * A literal block scalar (`|` or `|-`) whose header is at `start` of `line`, in a node at
   * indentation `parent`; the reader moves past its content. Keep chomping (`|+`), indentation
   * indicators, and content lines of only spaces deeper than the content are left to `yaml`.
   */
  private literal(line: Line, start: number, parent: number): string {
    const header = line.text.slice(start + 1).trimEnd();
    const strip = header.startsWith("-");
    const rest = strip ? header.slice(1) : header;
    if (rest !== "" && !/^ +#/.test(rest)) throw new Unsupported();
    const body: string[] = [];
    let content = -1;
    let end = line.raw + 1;
    for (; end < this.raw.length; end++) {
      const text = this.raw[end] ?? "";
      const indent = indentOf(text);
      if (indent === text.length) {
        if (content >= 0 ? indent > content : indent > parent) throw new Unsupported();
        body.push("");
        continue;
      }
      if (content < 0) {
        if (indent <= parent) break;
        content = indent;
      }
      if (indent < content) {
        if (indent > parent) throw new Unsupported();
        break;
      }
      body.push(text.slice(content));
    }
    // Content up to the end of a text without a final newline chomps differently: not here.
    const last = this.raw[this.raw.length - 1] ?? "";
    if (content < 0 || (end >= this.raw.length && indentOf(last) < last.length)) {
      throw new Unsupported();
    }
    while (body.length > 0 && body[body.length - 1] === "") body.pop();
    while (this.index < this.lines.length && (this.lines[this.index]?.raw ?? 0) < end) {
      this.index++;
    }
    const value = body.join("\n");
    return strip ? value : `${value}\n`;
  }

  private current(): Line {
    const line = this.lines[this.index];
    if (line === undefined) throw new Unsupported();
    return line;
  }

  /** A more indented line after a scalar continues it over lines: not in the subset. */
  private noContinuation(column: number): void {
    const next = this.lines[this.index];
    if (next !== undefined && next.indent > column) throw new Unsupported();
  }
}

/** `&name` or `*name` at `start`: the name, and where the rest of the line starts. */
function anchorAt(text: string, start: number): { name: string; next: number } {
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

function indentOf(text: string): number {
  let indent = 0;
  while (text.charCodeAt(indent) === 0x20) indent++;
  return indent;
}

function isSequenceEntry(text: string, column: number): boolean {
  if (text[column] !== "-") return false;
  const after = text[column + 1];
  return after === undefined || after === " ";
}

/** The key of a `key: value` entry at `start`, and the offset of its colon. */
function keyEnd(text: string, start: number): { key: string; end: number } | undefined {
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
function scalarAt(text: string, start: number): unknown {
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
function hasUnsupportedChar(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) {
      return true;
    }
  }
  return false;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
