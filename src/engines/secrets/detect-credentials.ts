import { runSecretlintRules, type RuleMatch } from "./secretlint-adapter.ts";

/** One key of a ConfigMap or one env var whose value looks like a credential. */
export interface CredentialFinding {
  /** The ConfigMap key or env var name: never the value. */
  readonly key: string;
  /** `@secretlint/secretlint-rule-github`, or `tenet/credential-name`. */
  readonly rule: string;
  /** What the rule found, e.g. `GITHUB_TOKEN`, `AWSSecretAccessKey`. */
  readonly kind: string;
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export const CREDENTIAL_NAME_RULE = "tenet/credential-name";

// The last word of a name that says "this is a credential" (words split on `_`, `-`, `.` and
// camelCase): `DB_PASSWORD`, `githubToken`, `client-secret`, `STRIPE_API_KEY`. Names where the
// word is not last (`TOKEN_TTL`, `PASSWORD_FILE`, `SECRET_NAME`) say where or how, not what.
const CREDENTIAL_WORDS = new Set([
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "secret",
  "token",
  "credential",
  "credentials",
  "apikey",
]);
// `KEY` alone is too common (`CACHE_KEY`); these qualifiers make it a credential.
const KEY_QUALIFIERS = new Set([
  "api",
  "private",
  "secret",
  "access",
  "auth",
  "signing",
  "encryption",
]);
// Values that are not literals: `$(VAR)` (Kubernetes env expansion), `${VAR}`, an absolute path.
const REFERENCE_VALUE = /^(?:\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[^}]+\}|\/\S*)$/;
// Placeholders left in manifests, not secrets: empty, booleans, `<fill me>`, masks like `xxxx`/`****`.
const PLACEHOLDER_VALUE = /^(?:|true|false|yes|no|none|null|<[^>]*>|x+|\*+)$/i;

/**
 * Scans values with secretlint's recommended rules and flags literal values under
 * credential-like names. Findings name the key and the rule, never the value, and carry the
 * index of their entry so callers can say where it came from.
 *
 * The rules cost ~0.1 ms per scanned text whatever its length, so the entries are scanned as one
 * text of `key=value` lines (rules keyed on a variable name, such as AWS_SECRET_ACCESS_KEY, see
 * the name) and each match is given back to the entry its first character falls in.
 */
export function detectCredentials(entries: readonly KeyValue[]): readonly IndexedFinding[] {
  const findings = new Map<string, IndexedFinding>();
  const add = (finding: IndexedFinding) =>
    findings.set(`${finding.index}\u0000${finding.rule}\u0000${finding.kind}`, finding);
  const starts: number[] = [];
  let text = "";
  for (const { key, value } of entries) {
    starts.push(text.length);
    text += `${key}=${value}\n`;
  }
  for (const match of cachedScan(text)) {
    const index = entryAt(starts, match.range[0]);
    const entry = entries[index];
    if (entry !== undefined)
      add({ index, key: entry.key, rule: match.ruleId, kind: match.messageId });
  }
  entries.forEach(({ key, value }, index) => {
    if (isCredentialName(key) && isLiteralValue(value)) {
      add({ index, key, rule: CREDENTIAL_NAME_RULE, kind: "CredentialNamedValue" });
    }
  });
  return [...findings.values()].sort(
    (a, b) => a.index - b.index || a.rule.localeCompare(b.rule) || a.kind.localeCompare(b.kind),
  );
}

/** A finding with the position of its entry in the input list. */
export interface IndexedFinding extends CredentialFinding {
  readonly index: number;
}

// The last entry whose start is at or before `offset` (binary search over sorted starts).
function entryAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

// Workloads stamped from one template repeat the same env: scan each distinct text once.
const scanned = new Map<string, readonly RuleMatch[]>();

function cachedScan(text: string): readonly RuleMatch[] {
  let matches = scanned.get(text);
  if (matches === undefined) {
    matches = runSecretlintRules(text);
    if (scanned.size >= 10_000) scanned.clear();
    scanned.set(text, matches);
  }
  return matches;
}

export function isCredentialName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2") // camelCase -> camel_Case
    .toLowerCase()
    .split(/[_.-]+/)
    .filter((word) => word !== "");
  const last = words.at(-1);
  if (last === undefined) return false;
  if (CREDENTIAL_WORDS.has(last)) return true;
  return last === "key" && KEY_QUALIFIERS.has(words.at(-2) ?? "");
}

function isLiteralValue(value: string): boolean {
  const trimmed = value.trim();
  return !PLACEHOLDER_VALUE.test(trimmed) && !REFERENCE_VALUE.test(trimmed);
}
