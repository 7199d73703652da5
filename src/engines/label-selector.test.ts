import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchesSelector, parseLabelSelector, type LabelSelector } from "./label-selector.ts";

function parsed(value: unknown): LabelSelector {
  const result = parseLabelSelector(value);
  if (!result.ok) throw new Error(result.error);
  return result.selector;
}

describe("label selectors", () => {
  it("treats an absent and an empty selector as matching everything", () => {
    expect(matchesSelector(parsed(undefined), { app: "x" })).toBe(true);
    expect(matchesSelector(parsed({}), {})).toBe(true);
  });

  it("ANDs matchLabels and matchExpressions", () => {
    const selector = parsed({
      matchLabels: { app: "web" },
      matchExpressions: [{ key: "tier", operator: "In", values: ["front"] }],
    });
    expect(matchesSelector(selector, { app: "web", tier: "front" })).toBe(true);
    expect(matchesSelector(selector, { app: "web", tier: "back" })).toBe(false);
    expect(matchesSelector(selector, { tier: "front" })).toBe(false);
  });

  it("lets NotIn and DoesNotExist match a missing key, but not In or Exists", () => {
    const missing = {};
    const op = (operator: string, values: string[] = []) =>
      matchesSelector(parsed({ matchExpressions: [{ key: "k", operator, values }] }), missing);
    expect(op("NotIn", ["a"])).toBe(true);
    expect(op("DoesNotExist")).toBe(true);
    expect(op("In", ["a"])).toBe(false);
    expect(op("Exists")).toBe(false);
  });

  it("rejects unknown operators and In without values", () => {
    expect(parseLabelSelector({ matchExpressions: [{ key: "k", operator: "Like" }] }).ok).toBe(
      false,
    );
    expect(
      parseLabelSelector({ matchExpressions: [{ key: "k", operator: "In", values: [] }] }).ok,
    ).toBe(false);
    expect(parseLabelSelector("app=web").ok).toBe(false);
  });

  it("agrees with a naive reading of the semantics on random input", () => {
    const key = fc.constantFrom("a", "b", "c");
    const value = fc.constantFrom<string>("1", "2", "3");
    const labels = fc.dictionary(key, value);
    const requirement = fc.oneof(
      fc.record({
        key,
        operator: fc.constantFrom("In", "NotIn"),
        values: fc.array(value, { minLength: 1 }),
      }),
      fc.record({
        key,
        operator: fc.constantFrom("Exists", "DoesNotExist"),
        values: fc.constant([]),
      }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(key, value),
        fc.array(requirement),
        labels,
        (matchLabels, exprs, l) => {
          const naive =
            Object.entries(matchLabels).every(([k, v]) => l[k] === v) &&
            exprs.every(({ key: k, operator, values }) => {
              const present = k in l;
              if (operator === "In") return present && values.includes(l[k] ?? "");
              if (operator === "NotIn") return !present || !values.includes(l[k] ?? "");
              if (operator === "Exists") return present;
              return !present;
            });
          expect(matchesSelector(parsed({ matchLabels, matchExpressions: exprs }), l)).toBe(naive);
        },
      ),
    );
  });
});
