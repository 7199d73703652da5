/** Something the user should know about their input: a file that could not be read, etc. */
export interface Diagnostic {
  /** `error` makes the scan incomplete (exit 2); `warning` does not. */
  readonly severity: "error" | "warning";
  /** A stable, kebab-case code, e.g. `yaml-syntax`, `alias-limit`, `duplicate-object`. */
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = [diagnostic.file, diagnostic.line, diagnostic.column]
    .filter((part) => part !== undefined)
    .join(":");
  return `${where === "" ? "" : `${where}: `}${diagnostic.severity}: ${diagnostic.message} [${diagnostic.code}]`;
}
