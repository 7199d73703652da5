// A fast reader for the block YAML that Kubernetes tools write: block mappings and sequences,
// one-line plain or quoted scalars, literal block scalars, anchors and aliases. The `yaml`
// package reads about 1 MB/s on a busy machine, too slow for 100k objects. Anything outside this
// subset (flow collections, folded or kept block scalars, tags, multi-line scalars, duplicate or
// merge keys, tabs, aliases past the bound) returns undefined, and the document goes to the
// `yaml` package. A differential property test holds both readers to the same result.
import type { Position } from "./load-options.ts";
import {
  anchorAt,
  hasUnsupportedChar,
  indentOf,
  isSequenceEntry,
  keyEnd,
  scalarAt,
  Unsupported,
} from "./fast-yaml-scalars.ts";

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
    // A stack overflow (maxDepth raised very high): the `yaml` path reports it.
    if (error instanceof Unsupported || error instanceof RangeError) return undefined;
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

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
