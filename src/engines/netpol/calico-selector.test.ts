import { describe, expect, it } from "vitest";
import { parseCalicoSelector, type CalicoSelector } from "./calico-selector.ts";

function sel(text: string): CalicoSelector {
  const parsed = parseCalicoSelector(text);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
}

describe("Calico selectors", () => {
  it("matches equality, sets, has() and all()", () => {
    expect(sel("app == 'web'")({ app: "web" })).toBe(true);
    expect(sel("app == 'web'")({})).toBe(false);
    expect(sel("env in {'a', 'b'}")({ env: "b" })).toBe(true);
    expect(sel("has(tier)")({ tier: "" })).toBe(true);
    expect(sel("all()")({})).toBe(true);
    expect(sel("")({})).toBe(true);
  });

  it("lets != and not in match a missing label", () => {
    expect(sel("app != 'web'")({})).toBe(true);
    expect(sel("app not in {'web'}")({})).toBe(true);
    expect(sel("app != 'web'")({ app: "web" })).toBe(false);
  });

  it("honours precedence: && binds tighter than ||, ! and parentheses", () => {
    const s = sel("a == '1' || b == '2' && c == '3'");
    expect(s({ a: "1" })).toBe(true);
    expect(s({ b: "2" })).toBe(false);
    expect(sel("!(a == '1' || has(b))")({ c: "x" })).toBe(true);
    expect(sel("role starts with 'db' && role ends with 'x'")({ role: "db-x" })).toBe(true);
    expect(sel("projectcalico.org/name contains 'pro'")({ "projectcalico.org/name": "prod" })).toBe(
      true,
    );
  });

  it("reports malformed selectors instead of guessing", () => {
    expect(parseCalicoSelector("app = 'web'")).toMatch(/unexpected|unknown|expected/);
    expect(parseCalicoSelector("app == web")).toMatch(/quoted value/);
    expect(parseCalicoSelector("(app == 'a'")).toMatch(/expected/);
  });
});
