// A YAML stream -> documents: split at `---` lines, each document read by the fast reader when
// it can and by the `yaml` package otherwise. The split is safe because a line starting with
// `---` or `...` always ends a document in YAML, even inside a block scalar or a quoted string.
import { readFastDocument } from "./fast-yaml.ts";
import type { Limits, ParsedDocuments, RawDocument } from "./load-options.ts";
import { yamlDocuments } from "./yaml-documents.ts";

interface Region {
  readonly start: number;
  readonly end: number;
  /** 0-based line of `start`. */
  readonly lineOffset: number;
}

export function yamlStream(text: string, file: string, limits: Limits): ParsedDocuments {
  const regions = splitDocuments(text);
  if (regions === undefined) return yamlDocuments(text, file, limits);
  const documents: RawDocument[] = [];
  const diagnostics: ParsedDocuments["diagnostics"] = [];
  for (const { start, end, lineOffset } of regions) {
    const source = text.slice(start, end);
    const fast = readFastDocument(source, lineOffset + 1, limits.maxDepth, limits.maxAliasCount);
    if (fast === undefined) {
      const slow = yamlDocuments(source, file, limits, lineOffset);
      documents.push(...slow.documents);
      diagnostics.push(...slow.diagnostics);
    } else if (fast.value !== null) {
      const { value, position, elements } = fast;
      documents.push({ value, position, itemPosition: (index) => elements?.[index] });
    }
  }
  return { documents, diagnostics };
}

/**
 * The text between `---` lines; undefined when the stream has what a plain split would get
 * wrong: directives (`%YAML`), `...` document ends, or content on a `---` line.
 */
function splitDocuments(text: string): Region[] | undefined {
  const regions: Region[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  for (let at = 0; at <= text.length; line++) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    const first = text.charCodeAt(at);
    if (first === 0x25 /* % */) return undefined;
    if ((first === 0x2d /* - */ || first === 0x2e) /* . */ && isMarker(text, at, end)) {
      if (first === 0x2e) return undefined;
      const rest = text.slice(at + 3, end).trim();
      if (rest !== "" && !rest.startsWith("#")) return undefined;
      regions.push({ start, end: at, lineOffset: startLine });
      start = end + 1;
      startLine = line + 1;
    }
    at = end + 1;
  }
  regions.push({ start: Math.min(start, text.length), end: text.length, lineOffset: startLine });
  return regions;
}

/** `---` or `...` followed by white space or the end of the line. */
function isMarker(text: string, at: number, end: number): boolean {
  const marker = text.slice(at, at + 3);
  if (marker !== "---" && marker !== "...") return false;
  const after = text.charCodeAt(at + 3);
  return at + 3 >= end || after === 0x20 || after === 0x09 || after === 0x0d;
}
