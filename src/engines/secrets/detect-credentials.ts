import { runSecretlintRules } from "./secretlint-adapter.ts";

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
 * Scans values with secretlint's recommended rules (each value as `key=value`, so rules keyed on
 * a variable name such as AWS_SECRET_ACCESS_KEY see it) and flags literal values under
 * credential-like names. Findings name the key and the rule, never the value.
 */
export function detectCredentials(entries: readonly KeyValue[]): readonly CredentialFinding[] {
  const findings = new Map<string, CredentialFinding>();
  const add = (finding: CredentialFinding) =>
    findings.set(`${finding.key}\u0000${finding.rule}\u0000${finding.kind}`, finding);
  for (const { key, value } of entries) {
    for (const match of runSecretlintRules(`${key}=${value}`)) {
      add({ key, rule: match.ruleId, kind: match.messageId });
    }
    if (isCredentialName(key) && isLiteralValue(value)) {
      add({ key, rule: CREDENTIAL_NAME_RULE, kind: "CredentialNamedValue" });
    }
  }
  return [...findings.values()].sort(
    (a, b) =>
      a.key.localeCompare(b.key) || a.rule.localeCompare(b.rule) || a.kind.localeCompare(b.kind),
  );
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
