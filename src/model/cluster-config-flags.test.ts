import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  flagBoolean,
  flagList,
  flagValue,
  parseFlags,
  splitWords,
} from "./cluster-config-flags.ts";

const parse = (...texts: string[]) => parseFlags(texts.map((text) => ({ text })));

describe("parseFlags", () => {
  it("reads --a=b and --a b alike", () => {
    const flags = parse("--audit-log-path=/var/log/a.log", "--audit-policy-file", "/etc/p.yaml");
    expect(flagValue(flags, "audit-log-path")).toBe("/var/log/a.log");
    expect(flagValue(flags, "audit-policy-file")).toBe("/etc/p.yaml");
    expect(flags.problems).toEqual([]);
  });

  it("keeps an empty value and an = inside the value", () => {
    const flags = parse("--audit-log-path=", "--runtime-config=api/all=true");
    expect(flagValue(flags, "audit-log-path")).toBe("");
    expect(flagValue(flags, "runtime-config")).toBe("api/all=true");
  });

  it("lets the last occurrence of a scalar flag win", () => {
    expect(
      flagValue(parse("--audit-log-maxage=30", "--audit-log-maxage=3"), "audit-log-maxage"),
    ).toBe("3");
  });

  it("appends the occurrences of a slice flag", () => {
    const flags = parse("--authorization-mode=Node,RBAC", "--authorization-mode", "AlwaysAllow");
    expect(flagList(flags, "authorization-mode")).toEqual(["Node", "RBAC", "AlwaysAllow"]);
    expect(flagList(flags, "enable-admission-plugins")).toBeUndefined();
  });

  it("reads a boolean flag alone as true and does not take the next word", () => {
    const flags = parse("--anonymous-auth", "false");
    expect(flagBoolean(flags, "anonymous-auth", true)).toBe(true);
    expect(flags.problems.map((problem) => problem.message)).toEqual([
      'unexpected argument "false"',
    ]);
  });

  it("applies defaults and Go's boolean spellings", () => {
    expect(flagBoolean(parse(), "anonymous-auth", true)).toBe(true);
    expect(flagBoolean(parse("--anonymous-auth=F"), "anonymous-auth", true)).toBe(false);
    const invalid = parse("--anonymous-auth=no");
    expect(flagBoolean(invalid, "anonymous-auth", true)).toBeUndefined();
    expect(invalid.problems[0]?.message).toContain("needs true or false");
  });

  it("normalizes underscores and takes a dash-led value like pflag", () => {
    const flags = parse("--anonymous_auth=false", "--oidc-username-prefix", "-");
    expect(flagValue(flags, "anonymous-auth")).toBe("false");
    expect(flagValue(flags, "oidc-username-prefix")).toBe("-");
  });

  it("reports a flag without a value and stops at --", () => {
    expect(parse("--token-auth-file").problems[0]?.message).toBe(
      "flag --token-auth-file needs a value",
    );
    const flags = parse("--profiling=false", "--", "--anonymous-auth=false");
    expect(flagValue(flags, "anonymous-auth")).toBeUndefined();
    expect(flags.problems).toHaveLength(1);
  });
});

describe("splitWords", () => {
  it("handles quotes, escapes, comments and continuations with lines", () => {
    const { words, problems } = splitWords(
      `--a="x y" --b='it''s' # comment --c=1\n--d=a\\ b \\\n  --e=\\"q\\"\n`,
    );
    expect(words).toEqual([
      { text: "--a=x y", line: 1 },
      { text: "--b=its", line: 1 },
      { text: "--d=a b", line: 2 },
      { text: '--e="q"', line: 3 },
    ]);
    expect(problems).toEqual([]);
  });

  it("keeps # inside a word and reports an unterminated quote with its line", () => {
    expect(splitWords("--a=x#y").words[0]?.text).toBe("--a=x#y");
    expect(splitWords('\n--a="open').problems).toEqual([
      { message: 'unterminated " quote', line: 2 },
    ]);
  });
});

describe("splitWords and parseFlags together", () => {
  it("give back any value written single-quoted, double-quoted or escaped", () => {
    const value = fc
      .string({ unit: "binary", maxLength: 40 })
      .filter((text) => !text.includes("\u0000"));
    fc.assert(
      fc.property(value, value, (a, b) => {
        const single = `'${a.replaceAll("'", `'\\''`)}'`;
        const double = `"${b.replace(/["\\$`]/g, "\\$&")}"`;
        const { words, problems } = splitWords(
          `--token-auth-file=${single} # c\n--oidc-issuer-url ${double}\n`,
        );
        const flags = parseFlags(words);
        expect(problems).toEqual([]);
        expect(flagValue(flags, "token-auth-file")).toBe(a);
        expect(flagValue(flags, "oidc-issuer-url")).toBe(b);
      }),
    );
  });
});
