// A report as a sequence of string chunks, the shape every formatter returns: the CLI writes
// chunks as they are made, and never needs the whole text as one string.

/**
 * Joins small chunks into pieces of at least `size` characters (the last may be shorter), so
 * that a writer makes few large writes; a text shorter than `size` comes out as one piece.
 */
export function* coalesce(chunks: Iterable<string>, size: number): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield parts.join("");
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join("");
}

/** The whole text of chunks; for small outputs and tests. */
export function joinChunks(chunks: Iterable<string>): string {
  let text = "";
  for (const chunk of chunks) text += chunk;
  return text;
}
