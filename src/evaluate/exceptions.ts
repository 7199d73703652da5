import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import type { Diagnostic } from "../model/diagnostic.ts";
import { isObject, stringAt, stringsAt } from "../model/fields.ts";
import type { ObjectRef } from "../model/kube-object.ts";

/** Which resources an exception covers; each field is exact or a `*` glob, absent = any. */
export interface ResourcePattern {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** An accepted risk: who owns it, why, and until when. */
export interface ExceptionEntry {
  readonly checks: readonly string[];
  readonly resources: readonly ResourcePattern[];
  readonly owner: string;
  readonly reason: string;
  /** YYYY-MM-DD; the exception applies through the end of that day (UTC). */
  readonly expires: string;
  readonly file: string;
  readonly line?: number;
}

export interface ParsedExceptions {
  readonly exceptions: readonly ExceptionEntry[];
  readonly diagnostics: readonly Diagnostic[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/; // an ISO calendar date, nothing more

/** Parses an exceptions file (docs/exceptions.md); bad entries are reported and left out. */
export function parseExceptions(text: string, file: string): ParsedExceptions {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const diagnostics: Diagnostic[] = [];
  const problem = (message: string, offset?: number): void => {
    const position = offset === undefined ? undefined : lineCounter.linePos(offset);
    diagnostics.push({
      severity: "error",
      code: "bad-exception",
      message,
      file,
      ...(position === undefined ? {} : { line: position.line, column: position.col }),
    });
  };
  for (const error of document.errors) problem(`invalid YAML: ${error.message}`, error.pos[0]);
  if (document.errors.length > 0) return { exceptions: [], diagnostics };

  const root = document.contents;
  const list = isMap(root) ? root.get("exceptions", true) : undefined;
  if (!isSeq(list)) {
    problem("expected a mapping with an `exceptions:` list", root?.range?.[0]);
    return { exceptions: [], diagnostics };
  }
  let plain: unknown;
  try {
    // The alias bound keeps a hostile file from expanding exponentially.
    plain = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    problem(`cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
    return { exceptions: [], diagnostics };
  }
  const values = isObject(plain) && Array.isArray(plain["exceptions"]) ? plain["exceptions"] : [];
  const exceptions: ExceptionEntry[] = [];
  list.items.forEach((node, index) => {
    const offset = isMap(node) ? node.range?.[0] : undefined;
    const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
    const value: unknown = values[index];
    const entry = toEntry(value, file, line);
    if (typeof entry === "string") problem(`exceptions[${index}]: ${entry}`, offset);
    else exceptions.push(entry);
  });
  return { exceptions, diagnostics };
}

function toEntry(value: unknown, file: string, line: number | undefined): ExceptionEntry | string {
  if (!isObject(value)) return "expected a mapping";
  const checks = stringsAt(value, "checks");
  const owner = stringAt(value, "owner");
  const reason = stringAt(value, "reason");
  // YAML reads an unquoted 2026-12-31 as a string here (core schema), but accept a Date too.
  const rawExpires: unknown = value["expires"];
  const expires =
    rawExpires instanceof Date ? rawExpires.toISOString().slice(0, 10) : stringAt(value, "expires");
  if (checks.length === 0) return "`checks` must list at least one control id";
  if (owner === undefined || owner.trim() === "") return "`owner` is required";
  if (reason === undefined || reason.trim() === "") return "`reason` is required";
  if (expires === undefined || !DATE.test(expires) || Number.isNaN(Date.parse(expires))) {
    return "`expires` is required, as a date YYYY-MM-DD";
  }
  const resources: ResourcePattern[] = [];
  for (const resource of Array.isArray(value["resources"]) ? value["resources"] : []) {
    if (!isObject(resource)) return "`resources` entries must be mappings";
    const pattern: ResourcePattern = {
      ...optional("kind", stringAt(resource, "kind")),
      ...optional("namespace", stringAt(resource, "namespace")),
      ...optional("name", stringAt(resource, "name")),
    };
    resources.push(pattern);
  }
  return {
    checks,
    resources,
    owner,
    reason,
    expires,
    file,
    ...(line === undefined ? {} : { line }),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** True while `now` is on or before the expiry day (UTC). */
export function isLive(exception: ExceptionEntry, now: Date): boolean {
  return now.toISOString().slice(0, 10) <= exception.expires;
}

export function covers(exception: ExceptionEntry, checkId: string, target: ObjectRef): boolean {
  if (!exception.checks.includes(checkId) && !exception.checks.includes("*")) return false;
  if (exception.resources.length === 0) return true;
  return exception.resources.some(
    (pattern) =>
      globMatches(pattern.kind, target.kind) &&
      globMatches(pattern.namespace, target.namespace ?? "") &&
      globMatches(pattern.name, target.name),
  );
}

function globMatches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined) return true;
  // `*` matches any run of characters; everything else is literal.
  const regex = new RegExp(`^${pattern.split("*").map(escapeRegex).join(".*")}$`);
  return regex.test(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
