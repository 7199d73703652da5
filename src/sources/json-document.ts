// Fast path for JSON (`kubectl get -o json`): JSON.parse is many times faster than a YAML parser,
// and one linear scan of the text finds the depth and where each list element starts.
import type { Diagnostic } from "../model/diagnostic.ts";
import type { Limits, ParsedDocuments, Position } from "./load-options.ts";

interface Frame {
  readonly isObject: boolean;
  /** Whether the values of this array are objects to locate (top-level array, List `items`). */
  readonly isElements: boolean;
  expectKey: boolean;
  awaitingValue: boolean;
}

interface Scan {
  /** Offset at which nesting first went past the limit. */
  readonly tooDeepAt: number | undefined;
  readonly start: number;
  readonly elementStarts: readonly number[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The document when `text` is valid JSON, or undefined so the caller reads it as YAML (which
 * accepts all JSON and reports syntax errors with their position).
 */
export function jsonDocument(
  text: string,
  file: string,
  limits: Limits,
): ParsedDocuments | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const scan = scanJson(text, limits.maxDepth);
  const positions = positionsOf(text, [scan.start, ...scan.elementStarts]);
  const position = positions[0] ?? { line: 1, column: 1 };
  if (scan.tooDeepAt !== undefined) {
    const [where] = positionsOf(text, [scan.tooDeepAt]);
    const diagnostic: Diagnostic = {
      severity: "error",
      code: "too-deep",
      message: `document nests objects and arrays more than ${limits.maxDepth} levels deep (maxDepth); skipped`,
      file,
      line: where?.line ?? 1,
      column: where?.column ?? 1,
    };
    return { documents: [], diagnostics: [diagnostic] };
  }
  if (value === null) return { documents: [], diagnostics: [] };
  const elements = positions.slice(1);
  // Duplicate `items` keys (the last one wins in JSON.parse) would misalign the positions.
  const aligned = elements.length === elementCount(value);
  return {
    documents: [
      {
        value,
        position,
        itemPosition: (index) => (aligned ? elements[index] : undefined),
      },
    ],
    diagnostics: [],
  };
}

function elementCount(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === "object" && value !== null && "items" in value) {
    return Array.isArray(value.items) ? value.items.length : 0;
  }
  return 0;
}

/** One pass over valid JSON: depth, where the top value starts, where each element starts. */
function scanJson(text: string, limit: number): Scan {
  const stack: Frame[] = [];
  const elementStarts: number[] = [];
  let start = -1;
  let tooDeepAt: number | undefined;
  let lastKey = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (start < 0) start = i;
    const top = stack[stack.length - 1];
    if (top?.awaitingValue === true && c !== 0x5d) {
      elementStarts.push(i);
      top.awaitingValue = false;
    }
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (top?.isObject === true && top.expectKey && stack.length === 1) {
        lastKey = text.slice(i + 1, end);
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      // `{` or `[`
      const isObject = c === 0x7b;
      const isElements =
        !isObject &&
        (stack.length === 0 ||
          (stack.length === 1 && top?.isObject === true && lastKey === "items"));
      stack.push({ isObject, isElements, expectKey: isObject, awaitingValue: isElements });
      if (stack.length > limit && tooDeepAt === undefined) tooDeepAt = i;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x3a && top !== undefined) {
      top.expectKey = false;
    } else if (c === 0x2c && top !== undefined) {
      if (top.isObject) top.expectKey = true;
      if (top.isElements) top.awaitingValue = true;
    }
  }
  return { tooDeepAt, start: Math.max(start, 0), elementStarts };
}

/** Offset of the quote closing the string that opens at `open`. */
function stringEnd(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close;
    from = close + 1;
  }
}

/** 1-based positions of ascending offsets, in one sweep over the text. */
export function positionsOf(text: string, offsets: readonly number[]): Position[] {
  const positions: Position[] = [];
  let line = 1;
  let lineStart = 0;
  let next = text.indexOf("\n");
  for (const offset of offsets) {
    while (next >= 0 && next < offset) {
      line++;
      lineStart = next + 1;
      next = text.indexOf("\n", lineStart);
    }
    positions.push({ line, column: offset - lineStart + 1 });
  }
  return positions;
}
