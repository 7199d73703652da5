import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toKubernetesYaml } from "../model/kube-yaml.ts";
import { blockYamlWriter } from "./block-yaml.ts";

// Strings YAML treats specially: 1.1 booleans and octals, indicators, comments, spaces at the
// ends, empty, multi-line, non-ASCII.
const tricky = fc.oneof(
  fc.constantFrom("yes", "no", "on", "off", "y", "n", "~", "null", "0644", "1e3", "-", "? x"),
  fc.constantFrom("a: b", "# c", "x #y", " lead", "trail ", "", "a\nb", "é ü", "'q'", '"d"'),
  fc.constantFrom("- x", "[a]", "{a}", "&a", "*a", "!t", "%p", "@", "`", "a,b", "..."),
  fc.string(),
);
const scalar = fc.oneof(tricky, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("map")),
  list: fc.array(tie("node"), { maxLength: 4 }),
  map: fc.dictionary(tricky, tie("node"), { maxKeys: 4 }),
})).node;

describe("blockYamlWriter", () => {
  it("writes exactly what the yaml package writes", () => {
    const write = blockYamlWriter();
    fc.assert(
      fc.property(fc.dictionary(tricky, value, { minKeys: 1, maxKeys: 5 }), (document) => {
        expect(write(document)).toBe(toKubernetesYaml(document));
      }),
      { numRuns: 1000 },
    );
  });

  it("writes shared values and undefined the way the package does", () => {
    const shared = { a: 1 };
    const write = blockYamlWriter();
    for (const document of [{ x: shared, y: shared }, { x: undefined, y: 1 }, { x: [[1]] }]) {
      expect(write(document)).toBe(toKubernetesYaml(document));
    }
  });

  it("lays out a report-shaped document itself, with its lists of maps", () => {
    const document = {
      apiVersion: "wgpolicyk8s.io/v1alpha2",
      results: [{ policy: "p", resources: [{ kind: "Pod", name: "on" }], properties: {} }],
    };
    expect(blockYamlWriter()(document)).toBe(
      [
        "apiVersion: wgpolicyk8s.io/v1alpha2",
        "results:",
        "  - policy: p",
        "    resources:",
        "      - kind: Pod",
        '        name: "on"',
        "    properties: {}",
        "",
      ].join("\n"),
    );
  });
});
