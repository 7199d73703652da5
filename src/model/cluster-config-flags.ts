// Command-line flags of kube-apiserver, parsed the way its flag library (spf13/pflag) does, so
// that a check reads the same value the apiserver would: `--a=b`, `--a b`, a boolean `--a`
// alone meaning true, the last occurrence winning for scalars, slices appending.

/** A word of a command line, with the 1-based line it started on when read from a file. */
export interface Word {
  readonly text: string;
  readonly line?: number;
}

/** Something wrong with a command line; the apiserver would refuse to start or ignore it. */
export interface FlagProblem {
  readonly message: string;
  readonly line?: number;
}

export interface ParsedFlags {
  /** Every value given to each flag, in order, by normalized name (no dashes, `_` -> `-`). */
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly problems: readonly FlagProblem[];
}

/**
 * Boolean flags of kube-apiserver: alone they mean `true`, and `--flag false` is NOT a value
 * (pflag reads `false` as a stray argument), so the parser must know them.
 */
const BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  "allow-privileged",
  "alsologtostderr",
  "anonymous-auth",
  "audit-log-batch-throttle-enable",
  "audit-log-compress",
  "audit-log-truncate-enabled",
  "audit-webhook-batch-throttle-enable",
  "audit-webhook-truncate-enabled",
  "contention-profiling",
  "enable-aggregator-routing",
  "enable-bootstrap-token-auth",
  "enable-garbage-collector",
  "enable-logs-handler",
  "enable-priority-and-fairness",
  "logtostderr",
  "permit-address-sharing",
  "permit-port-sharing",
  "profiling",
  "service-account-extend-token-expiration",
  "service-account-lookup",
  "watch-cache",
]);

/** The apiserver normalizes `_` to `-` in flag names (component-base's WordSepNormalizeFunc). */
function normalizeName(name: string): string {
  return name.replaceAll("_", "-");
}

/** Parses the arguments that follow the `kube-apiserver` binary. Never throws. */
export function parseFlags(words: readonly Word[]): ParsedFlags {
  const values = new Map<string, string[]>();
  const problems: FlagProblem[] = [];
  const record = (name: string, value: string): void => {
    const list = values.get(name);
    if (list === undefined) values.set(name, [value]);
    else list.push(value);
  };
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as Word;
    const at = word.line === undefined ? {} : { line: word.line };
    if (word.text === "--") {
      problems.push({ message: "arguments after `--` are not flags and are ignored", ...at });
      break;
    }
    if (!word.text.startsWith("-") || word.text === "-") {
      problems.push({ message: `unexpected argument ${JSON.stringify(word.text)}`, ...at });
      continue;
    }
    // `-v=2` or `-v 2`: the only shorthand kube-apiserver has is the log verbosity.
    const isShorthand = !word.text.startsWith("--");
    const body = word.text.slice(isShorthand ? 1 : 2);
    const equals = body.indexOf("=");
    const name = normalizeName(equals < 0 ? body : body.slice(0, equals));
    if (name === "") {
      problems.push({ message: `malformed flag ${JSON.stringify(word.text)}`, ...at });
      continue;
    }
    if (equals >= 0) {
      record(name, body.slice(equals + 1));
    } else if (BOOLEAN_FLAGS.has(name)) {
      record(name, "true");
    } else if (index + 1 < words.length) {
      // pflag takes the next word as the value even when it starts with a dash.
      index += 1;
      record(name, (words[index] as Word).text);
    } else {
      problems.push({ message: `flag --${name} needs a value`, ...at });
    }
  }
  for (const name of BOOLEAN_FLAGS) {
    const given = values.get(name);
    const last = given?.[given.length - 1];
    if (last !== undefined && parseBoolean(last) === undefined) {
      problems.push({ message: `flag --${name} needs true or false, got ${JSON.stringify(last)}` });
    }
  }
  return { values, problems };
}

/** Go's strconv.ParseBool, which pflag uses. */
export function parseBoolean(text: string): boolean | undefined {
  if (["1", "t", "T", "true", "TRUE", "True"].includes(text)) return true;
  if (["0", "f", "F", "false", "FALSE", "False"].includes(text)) return false;
  return undefined;
}

/** The effective value of a scalar flag: the last occurrence wins. */
export function flagValue(flags: ParsedFlags, name: string): string | undefined {
  const given = flags.values.get(name);
  return given?.[given.length - 1];
}

/** A slice flag (`--authorization-mode=Node,RBAC`): every occurrence, split on commas. */
export function flagList(flags: ParsedFlags, name: string): readonly string[] | undefined {
  const given = flags.values.get(name);
  if (given === undefined) return undefined;
  return given.flatMap((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== ""),
  );
}

/** A boolean flag with its default when absent; undefined when the value is not a boolean. */
export function flagBoolean(
  flags: ParsedFlags,
  name: string,
  defaultValue: boolean,
): boolean | undefined {
  const value = flagValue(flags, name);
  return value === undefined ? defaultValue : parseBoolean(value);
}

export interface SplitWords {
  readonly words: readonly Word[];
  readonly problems: readonly FlagProblem[];
}

/**
 * Splits text into words like a POSIX shell does for a command line: blanks separate words,
 * single quotes keep everything, double quotes keep all but `\"` and `\\`, a backslash escapes
 * the next character (a backslash-newline joins lines), `#` at the start of a word begins a
 * comment to the end of the line. No expansion of any kind.
 */
export function splitWords(text: string): SplitWords {
  const words: Word[] = [];
  const problems: FlagProblem[] = [];
  let line = 1;
  let current: { text: string; line: number } | undefined;
  let quote: { char: "'" | '"'; line: number } | undefined;
  const flush = (): void => {
    if (current !== undefined) words.push(current);
    current = undefined;
  };
  const append = (char: string): void => {
    current ??= { text: "", line };
    current.text += char;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quote !== undefined) {
      if (char === quote.char) quote = undefined;
      else if (char === "\\" && quote.char === '"' && /["\\$`]/.test(text[index + 1] ?? "")) {
        append(text[++index] as string);
      } else {
        if (char === "\n") line += 1;
        append(char);
      }
    } else if (char === "'" || char === '"') {
      current ??= { text: "", line };
      quote = { char, line };
    } else if (char === "\\") {
      const next = text[++index];
      if (next === "\n") line += 1;
      else if (next !== undefined) append(next);
    } else if (char === "#" && current === undefined) {
      while (index + 1 < text.length && text[index + 1] !== "\n") index += 1;
    } else if (/\s/.test(char)) {
      flush();
      if (char === "\n") line += 1;
    } else {
      append(char);
    }
  }
  if (quote !== undefined) {
    problems.push({ message: `unterminated ${quote.char} quote`, line: quote.line });
  }
  flush();
  return { words, problems };
}
