// Finds the bytes of each element of an EventList's `items`, so that the store can keep every
// event exactly as the apiserver sent it, without serialising the parsed event again (which cost
// the ingest path as much as parsing it).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** The key as it appears when written without escapes, the only spelling not decoded. */
const ITEMS_KEY = Buffer.from('"items"');

/**
 * [start, end) byte offsets of each element of the top-level object's `items` array, in order;
 * empty when there is no such array. The document must be JSON that `JSON.parse` accepted: this
 * follows its structure and does not check it again. As in `JSON.parse`, the last `items` key
 * counts when there are several, and an escaped spelling of the key (`"it\u0065ms"`) is the key.
 */
export function itemSpans(bytes: Buffer): Int32Array {
  let spans: Int32Array = new Int32Array(0);
  let at = skipSpace(bytes, 0);
  if (bytes[at] !== OPEN_OBJECT) return spans;
  at = skipSpace(bytes, at + 1);
  if (bytes[at] === CLOSE_OBJECT) return spans;
  for (;;) {
    const keyEnd = stringEnd(bytes, at);
    const isItems = isItemsKey(bytes, at, keyEnd);
    at = skipSpace(bytes, keyEnd);
    if (bytes[at] !== COLON) throw new SyntaxError(`expected ':' at byte ${at}`);
    at = skipSpace(bytes, at + 1);
    if (isItems) {
      const found = arraySpans(bytes, at);
      spans = found.spans;
      at = found.end;
    } else at = valueEnd(bytes, at);
    at = skipSpace(bytes, at);
    if (bytes[at] === CLOSE_OBJECT) return spans;
    if (bytes[at] !== COMMA) throw new SyntaxError(`expected ',' or '}' at byte ${at}`);
    at = skipSpace(bytes, at + 1);
  }
}

/** [start, end) byte offsets of each line, without its line feed. */
export function lineSpans(bytes: Buffer): Int32Array {
  const spans: number[] = [];
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    spans.push(start, end < 0 ? bytes.length : end);
    if (end < 0) return Int32Array.from(spans);
    start = end + 1;
  }
}

function isItemsKey(bytes: Buffer, start: number, end: number): boolean {
  if (end - start === ITEMS_KEY.length && ITEMS_KEY.equals(bytes.subarray(start, end))) return true;
  // Only a key with an escape can spell "items" in other bytes; decode just those.
  return (
    bytes.subarray(start, end).includes(BACKSLASH) &&
    JSON.parse(bytes.toString("utf8", start, end)) === "items"
  );
}

/** The elements of the array (or null) at `at`, and the byte after it. */
function arraySpans(bytes: Buffer, at: number): { spans: Int32Array; end: number } {
  if (bytes[at] !== OPEN_ARRAY) return { spans: new Int32Array(0), end: valueEnd(bytes, at) };
  const found: number[] = [];
  at = skipSpace(bytes, at + 1);
  if (bytes[at] === CLOSE_ARRAY) return { spans: new Int32Array(0), end: at + 1 };
  for (;;) {
    const end = valueEnd(bytes, at);
    found.push(at, end);
    at = skipSpace(bytes, end);
    if (bytes[at] === CLOSE_ARRAY) return { spans: Int32Array.from(found), end: at + 1 };
    if (bytes[at] !== COMMA) throw new SyntaxError(`expected ',' or ']' at byte ${at}`);
    at = skipSpace(bytes, at + 1);
  }
}

/** The byte after the value that starts at `at`. */
function valueEnd(bytes: Buffer, at: number): number {
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, at);
  if (first !== OPEN_OBJECT && first !== OPEN_ARRAY) {
    // A number, true, false or null: runs to the next delimiter.
    let end = at + 1;
    while (end < bytes.length && !isDelimiter(bytes[end] ?? 0)) end += 1;
    return end;
  }
  let depth = 0;
  for (let index = at; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (byte === QUOTE) index = stringEnd(bytes, index) - 1;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth += 1;
    else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  throw new SyntaxError(`unterminated value from byte ${at}`);
}

/** The byte after the string whose opening quote is at `at`. */
function stringEnd(bytes: Buffer, at: number): number {
  // A plain loop: audit events hold many short strings, where calling indexOf costs more than
  // stepping over them. A backslash always escapes exactly the next byte (`\u` is followed by
  // hex digits), so skipping that byte is enough.
  for (let index = at + 1; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (byte === QUOTE) return index + 1;
    if (byte === BACKSLASH) index += 1;
  }
  throw new SyntaxError(`unterminated string from byte ${at}`);
}

function isDelimiter(byte: number): boolean {
  return byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY || isSpace(byte);
}

// JSON's four whitespace bytes: space, tab, line feed, carriage return.
function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function skipSpace(bytes: Buffer, at: number): number {
  while (isSpace(bytes[at])) at += 1;
  return at;
}
