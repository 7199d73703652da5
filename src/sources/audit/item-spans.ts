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
export function itemSpans(buffer: Buffer): Int32Array {
  // Indexing a plain Uint8Array is faster than indexing a Buffer (a subclass).
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
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

function isItemsKey(bytes: Uint8Array, start: number, end: number): boolean {
  const key = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
  if (key.equals(ITEMS_KEY)) return true;
  // Only a key with an escape can spell "items" in other bytes; decode just those.
  return key.includes(BACKSLASH) && JSON.parse(key.toString("utf8")) === "items";
}

/** The elements of the array (or null) at `at`, and the byte after it. */
function arraySpans(bytes: Uint8Array, at: number): { spans: Int32Array; end: number } {
  if (bytes[at] !== OPEN_ARRAY) return { spans: new Int32Array(0), end: valueEnd(bytes, at) };
  const found: number[] = [];
  // One loop over the whole array, strings stepped over inline: this runs over every byte of
  // every event, and calls per string or per element cost twice the loop itself.
  const length = bytes.length;
  let depth = 0;
  let element = at + 1;
  for (let index = at; index < length; index += 1) {
    const byte = bytes[index];
    if (byte === QUOTE) {
      for (index += 1; index < length; index += 1) {
        const inner = bytes[index];
        if (inner === QUOTE) break;
        // A backslash always escapes exactly the next byte (`\u` is followed by hex digits).
        if (inner === BACKSLASH) index += 1;
      }
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth += 1;
    else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth -= 1;
      if (depth === 0) {
        pushTrimmed(bytes, found, element, index);
        return { spans: Int32Array.from(found), end: index + 1 };
      }
    } else if (byte === COMMA && depth === 1) {
      pushTrimmed(bytes, found, element, index);
      element = index + 1;
    }
  }
  throw new SyntaxError(`unterminated array from byte ${at}`);
}

/** The element between `start` and `end` without the spaces around it; none in an empty array. */
function pushTrimmed(bytes: Uint8Array, found: number[], start: number, end: number): void {
  while (start < end && isSpace(bytes[start])) start += 1;
  while (end > start && isSpace(bytes[end - 1])) end -= 1;
  if (end > start) found.push(start, end);
}

/** The byte after the value that starts at `at`. */
function valueEnd(bytes: Uint8Array, at: number): number {
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
function stringEnd(bytes: Uint8Array, at: number): number {
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

function skipSpace(bytes: Uint8Array, at: number): number {
  while (isSpace(bytes[at])) at += 1;
  return at;
}
