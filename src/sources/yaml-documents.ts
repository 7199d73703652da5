// YAML text -> documents, each with its line, through the `yaml` package. Untrusted input: the
// nesting depth is measured on the concrete syntax tree (built without recursion) before a
// document is composed (which recurses), and aliases are bounded when converting to JS.
import {
  Composer,
  isMap,
  isSeq,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type YAMLError,
} from "yaml";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { Limits, ParsedDocuments, Position, RawDocument } from "./load-options.ts";
import { kubernetesTags } from "./yaml-schema.ts";

const COMPOSE_OPTIONS = {
  version: "1.1",
  customTags: kubernetesTags,
  // Warnings become diagnostics; nothing is printed from inside the library.
  logLevel: "silent",
  // yaml's pretty errors quote the offending source line, which may hold a secret.
  prettyErrors: false,
  uniqueKeys: true,
} as const;

/** The documents of `text`, whose first line is line `lineOffset + 1` of `file`. */
export function yamlDocuments(
  text: string,
  file: string,
  limits: Limits,
  lineOffset = 0,
): ParsedDocuments {
  const lines = new LineCounter();
  const composer = new Composer(COMPOSE_OPTIONS);
  const documents: RawDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const positionOf = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line: line + lineOffset, column: col };
  };
  const at = (offset: number): Pick<Diagnostic, "file" | "line" | "column"> => {
    const { line, column } = positionOf(offset);
    return { file, line, column };
  };

  // JSON that JSON.parse refused comes here for a located error; name the right language.
  const language = /\.json$/i.test(file) ? "JSON" : "YAML";
  const take = (doc: Document.Parsed): void => {
    const error = doc.errors[0];
    if (error !== undefined) {
      diagnostics.push(syntaxDiagnostic(error, language, at(error.pos[0])));
      return;
    }
    const warning = doc.warnings[0];
    if (warning !== undefined) {
      diagnostics.push({
        severity: "warning",
        code: "yaml-warning",
        message: `${messageOf(warning)}; read as plain YAML`,
        ...at(warning.pos[0]),
      });
    }
    const contents = doc.contents;
    if (contents === null) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (error) {
      diagnostics.push(conversionDiagnostic(error, limits, at(contents.range[0])));
      return;
    }
    if (value === null || value === undefined) return;
    const elements = elementsNode(contents);
    documents.push({
      value,
      position: positionOf(contents.range[0]),
      itemPosition: (index) => {
        const node: unknown = elements?.items[index];
        return isNodeWithRange(node) ? positionOf(node.range[0]) : undefined;
      },
    });
  };

  for (const token of new Parser(lines.addNewLine).parse(text)) {
    const deep = token.type === "document" ? tooDeepAt(token, limits.maxDepth) : undefined;
    if (deep !== undefined) {
      diagnostics.push({
        severity: "error",
        code: "too-deep",
        message: `document nests mappings and sequences more than ${limits.maxDepth} levels deep (maxDepth); skipped`,
        ...at(deep),
      });
      continue;
    }
    try {
      for (const doc of composer.next(token)) take(doc);
    } catch (error) {
      // Only with a maxDepth raised past what the stack holds; never a crash.
      if (!(error instanceof RangeError)) throw error;
      diagnostics.push({
        severity: "error",
        code: "too-deep",
        message: "document nests too deeply to be read (lower maxDepth); skipped",
        ...at(token.offset),
      });
    }
  }
  for (const doc of composer.end()) take(doc);
  for (const error of composer.streamInfo().errors) {
    diagnostics.push(syntaxDiagnostic(error, language, at(error.pos[0])));
  }
  return { documents, diagnostics };
}

/** The sequence whose elements are objects: the document itself, or a List's `items`. */
function elementsNode(contents: unknown): { readonly items: readonly unknown[] } | undefined {
  if (isSeq(contents)) return contents;
  if (isMap(contents)) {
    const items = contents.get("items", true);
    if (isSeq(items)) return items;
  }
  return undefined;
}

function isNodeWithRange(
  node: unknown,
): node is { readonly range: readonly [number, ...number[]] } {
  return (
    typeof node === "object" &&
    node !== null &&
    "range" in node &&
    Array.isArray(node.range) &&
    typeof node.range[0] === "number"
  );
}

function syntaxDiagnostic(
  error: YAMLError,
  language: "JSON" | "YAML",
  where: Pick<Diagnostic, "file" | "line" | "column">,
): Diagnostic {
  // The composer reports its own stack overflow as an error of the document.
  if (error.message.includes("Maximum call stack size exceeded")) {
    return {
      severity: "error",
      code: "too-deep",
      message: "document nests too deeply to be read (lower maxDepth); skipped",
      ...where,
    };
  }
  const duplicate = error.code === "DUPLICATE_KEY";
  return {
    severity: "error",
    code: duplicate ? "duplicate-key" : language === "JSON" ? "json-syntax" : "yaml-syntax",
    message: duplicate
      ? `${messageOf(error)}: a key may appear once per mapping (Kubernetes rejects duplicates); document skipped`
      : `invalid ${language}: ${messageOf(error)}; document skipped`,
    ...where,
  };
}

function conversionDiagnostic(
  error: unknown,
  limits: Limits,
  where: Pick<Diagnostic, "file" | "line" | "column">,
): Diagnostic {
  if (error instanceof ReferenceError && error.message.includes("Excessive alias count")) {
    return {
      severity: "error",
      code: "alias-limit",
      message: `document expands YAML aliases beyond the limit of ${limits.maxAliasCount} (maxAliasCount), as a "billion laughs" attack does; skipped`,
      ...where,
    };
  }
  if (error instanceof RangeError) {
    return {
      severity: "error",
      code: "too-deep",
      message: "document nests too deeply to be read; skipped",
      ...where,
    };
  }
  return {
    severity: "error",
    code: "yaml-syntax",
    message: `invalid YAML: ${error instanceof Error ? error.message : String(error)}; document skipped`,
    ...where,
  };
}

/** yaml's message without anything that may quote the input (a secret, say). */
function messageOf(error: YAMLError): string {
  const message = error.message.split("\n", 1)[0] ?? "";
  if (message.startsWith("Not a YAML token")) return "unexpected characters";
  return message.length > 200 ? `${message.slice(0, 200)}...` : message;
}

/** Where collections first nest deeper than `limit`, walked with an explicit stack. */
function tooDeepAt(document: CST.Document, limit: number): number | undefined {
  const stack: [CST.Token, number][] = [];
  if (document.value !== undefined) stack.push([document.value, 0]);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [token, depth] = next;
    if (
      token.type !== "block-map" &&
      token.type !== "block-seq" &&
      token.type !== "flow-collection"
    ) {
      continue;
    }
    if (depth + 1 > limit) return token.offset;
    for (const item of token.items) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}
