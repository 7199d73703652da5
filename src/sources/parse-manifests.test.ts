import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseManifests } from "./index.ts";

const fixture = (name: string): string =>
  readFileSync(new URL(`../../test/fixtures/sources/${name}`, import.meta.url), "utf8");

const parse = (name: string) => parseManifests(fixture(name), name);

const names = (result: ReturnType<typeof parseManifests>) =>
  result.objects.map(({ object }) => `${object.kind}/${object.metadata.name}`);

const lines = (result: ReturnType<typeof parseManifests>) =>
  result.objects.map(({ location }) => location.line);

/** `a: &a [x, x, ...]`, each level nine aliases of the one before: 9^levels strings. */
function billionLaughs(levels: number): string {
  const rows = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level <= levels; level++) {
    rows.push(
      `l${level}: &l${level} [${Array(9)
        .fill(`*l${level - 1}`)
        .join(",")}]`,
    );
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n${rows.join("\n")}\n`;
}

describe("parseManifests: accepted input", () => {
  it("reads Helm output: documents after `# Source:` comments, at the line of their first key", () => {
    const result = parse("helm-output.yaml");
    expect(result.diagnostics).toEqual([]);
    expect(names(result)).toEqual(["ServiceAccount/shop", "Service/shop", "Deployment/shop"]);
    expect(lines(result)).toEqual([3, 12, 27]);
    expect(result.objects.every(({ location }) => location.file === "helm-output.yaml")).toBe(true);
  });

  it("expands a `kubectl get -o yaml` List into its items, each at its own line", () => {
    const result = parse("kubectl-list.yaml");
    expect(result.diagnostics).toEqual([]);
    expect(names(result)).toEqual(["Pod/web-7d4b9c", "Service/kubernetes", "Deployment/web"]);
    expect(lines(result)).toEqual([3, 12, 19]);
    expect(result.objects[0]?.location.column).toBe(3);
  });

  it("expands a JSON PodList whose items omit kind, implying it from the list", () => {
    const result = parse("pod-list.json");
    expect(result.diagnostics).toEqual([]);
    expect(names(result)).toEqual(["Pod/api-0", "Pod/api-1"]);
    expect(result.objects.map(({ object }) => object.apiVersion)).toEqual(["v1", "v1"]);
    expect(lines(result)).toEqual([6, 10]);
    expect(result.objects[0]?.object.metadata.labels).toEqual({ app: "api" });
  });

  it("accepts a JSON array of objects", () => {
    const result = parse("array.json");
    expect(result.diagnostics).toEqual([]);
    expect(names(result)).toEqual(["Namespace/shop", "ConfigMap/settings"]);
    expect(lines(result)).toEqual([2, 3]);
  });

  it("gives the same objects for the same JSON read as YAML (single line, no fast path)", () => {
    const json = fixture("pod-list.json");
    const viaJson = parseManifests(json, "a.json");
    const viaYaml = parseManifests(`# a comment makes it YAML\n${json}`, "a.yaml");
    expect(viaYaml.objects.map(({ object }) => object)).toEqual(
      viaJson.objects.map(({ object }) => object),
    );
    expect(viaYaml.objects.map(({ location }) => location.line)).toEqual([7, 11]);
  });

  it("reads YAML 1.1 scalars the way Kubernetes does: octal modes, yes/no booleans", () => {
    const result = parseManifests(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p, creationTimestamp: 2024-01-02T03:04:05Z}\nspec: {mode: 0644, on: yes, time: 1:20}\n",
      "p.yaml",
    );
    expect(result.objects[0]?.object["spec"]).toEqual({ mode: 420, true: true, time: "1:20" });
    expect(result.objects[0]?.object.metadata["creationTimestamp"]).toBe("2024-01-02T03:04:05Z");
  });

  it("mixes documents read fast and by the yaml package, with the right lines", () => {
    const text = [
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: flow}\n",
      "--- # a comment on the marker\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: block\ndata:\n  run.sh: |\n    echo hi\n",
      "---\n",
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: plain\n",
      "---\r\n",
      "apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: crlf\r\n",
    ].join("");
    const result = parseManifests(text, "mixed.yaml");
    expect(result.diagnostics).toEqual([]);
    expect(names(result)).toEqual([
      "Namespace/flow",
      "ConfigMap/block",
      "Namespace/plain",
      "Namespace/crlf",
    ]);
    expect(lines(result)).toEqual([1, 5, 13, 18]);
    expect(result.objects[1]?.object["data"]).toEqual({ "run.sh": "echo hi\n" });
  });

  it("reads a stream with directives through the yaml package alone", () => {
    const text =
      "%YAML 1.2\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {x: yes}}\n";
    const result = parseManifests(text, "d.yaml");
    expect(result.diagnostics).toEqual([]);
    expect(result.objects[0]?.object.metadata.labels).toEqual({ x: "yes" });
    expect(lines(result)).toEqual([3]);
  });

  it("silently skips empty documents and explicit nulls between `---`", () => {
    const text = "---\n---\n~\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n";
    const result = parseManifests(text, "n.yaml");
    expect(result.diagnostics).toEqual([]);
    expect(lines(result)).toEqual([5]);
  });

  it("locates JSON that starts after blank lines", () => {
    const result = parseManifests(
      '\n\n{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}}',
      "x.json",
    );
    expect(lines(result)).toEqual([3]);
  });
});

describe("parseManifests: bad input gets one located diagnostic, the rest still loads", () => {
  it("malformed YAML: the broken document only", () => {
    const result = parse("malformed-middle.yaml");
    expect(names(result)).toEqual(["ConfigMap/before", "ConfigMap/after"]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      severity: "error",
      code: "yaml-syntax",
      file: "malformed-middle.yaml",
      // Where yaml finds the flow sequence unclosed: the next document's `---`.
      line: 11,
    });
    expect(result.diagnostics[0]?.column).toBeGreaterThan(0);
  });

  it("a duplicate key is refused, as Kubernetes does, naming no value", () => {
    const text =
      "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: hunter2\n  password: swordfish\n";
    const result = parseManifests(text, "s.yaml");
    expect(result.objects).toEqual([]);
    expect(result.diagnostics).toMatchObject([{ code: "duplicate-key", line: 6, column: 3 }]);
    expect(JSON.stringify(result.diagnostics)).not.toMatch(/hunter2|swordfish/);
  });

  it("a syntax error message does not quote the line (it may hold a secret)", () => {
    const text =
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  token: "s3cr3t-value\n';
    const result = parseManifests(text, "s.yaml");
    expect(result.diagnostics[0]?.code).toBe("yaml-syntax");
    expect(JSON.stringify(result.diagnostics)).not.toContain("s3cr3t");
  });

  it("JSON that is not an object", () => {
    const result = parse("not-an-object.json");
    expect(result.objects).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: "not-an-object", severity: "error", line: 1, column: 1 }),
    ]);
    expect(result.diagnostics[0]?.message).toMatch(/expected a Kubernetes object.*found a string/);
  });

  it("malformed JSON is reported with its position", () => {
    const result = parseManifests(
      '{\n  "apiVersion": "v1",\n  "kind": "Pod"\n  "metadata": {}\n}\n',
      "bad.json",
    );
    expect(result.objects).toEqual([]);
    expect(result.diagnostics).toMatchObject([
      { code: "json-syntax", severity: "error", line: 4, column: 3 },
    ]);
    expect(result.diagnostics[0]?.message).toContain("Missing ,");
  });

  it("documents without apiVersion or kind, each named", () => {
    const result = parse("missing-kind.yaml");
    expect(names(result)).toEqual(["ConfigMap/fine"]);
    expect(result.diagnostics).toMatchObject([
      { code: "missing-kind", line: 1, column: 1 },
      { code: "missing-kind", line: 5, column: 1 },
    ]);
    expect(result.diagnostics[0]?.message).toContain("kind is missing");
    expect(result.diagnostics[1]?.message).toContain("apiVersion is missing");
  });

  it("metadata: non-string labels dropped, generateName used as the name, no name refused", () => {
    const result = parse("metadata-problems.yaml");
    expect(names(result)).toEqual([
      "ConfigMap/typed-labels",
      "Job/backup-",
      "ConfigMap/bad-annotations",
    ]);
    expect(result.objects[0]?.object.metadata.labels).toEqual({ app: "web" });
    expect(result.objects[0]?.object.metadata.annotations).toEqual({ note: "quoted" });
    expect(result.objects[2]?.object.metadata.annotations).toBeUndefined();
    expect(result.diagnostics).toMatchObject([
      { code: "invalid-labels", severity: "warning", line: 1 },
      { code: "generate-name", severity: "warning", line: 12 },
      { code: "missing-name", severity: "error", line: 17 },
      { code: "invalid-annotations", severity: "warning", line: 23 },
    ]);
    expect(result.diagnostics[0]?.message).toContain("enabled, replicas");
  });

  it("binary content (NUL bytes)", () => {
    const result = parseManifests("apiVersion: v1\n\u0000\u0001\u0002", "image.yaml");
    expect(result.objects).toEqual([]);
    expect(result.diagnostics).toMatchObject([
      { code: "binary-file", severity: "error", file: "image.yaml", line: 2, column: 1 },
    ]);
  });

  it("an empty file, or one of comments only, is a warning", () => {
    for (const name of ["empty.yaml", "comments-only.yaml"]) {
      const result = parse(name);
      expect(result.objects).toEqual([]);
      expect(result.diagnostics).toMatchObject([
        { code: "empty-file", severity: "warning", file: name },
      ]);
    }
  });

  it("a billion-laughs document is refused by the alias bound; other documents load", () => {
    const text = `${billionLaughs(9)}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n`;
    const started = Date.now();
    const result = parseManifests(text, "lol.yaml");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(names(result)).toEqual(["Namespace/ok"]);
    expect(result.diagnostics).toMatchObject([{ code: "alias-limit", severity: "error", line: 1 }]);
  });

  it("the alias bound is an option; a few aliases are fine", () => {
    const text = billionLaughs(1);
    expect(parseManifests(text, "a.yaml").diagnostics).toEqual([]);
    expect(parseManifests(text, "a.yaml", { maxAliasCount: 3 }).diagnostics).toMatchObject([
      { code: "alias-limit" },
    ]);
  });

  it("block-style aliases are bounded too", () => {
    const uses = Array.from({ length: 5 }, (_, index) => `  k${index}: *shared`).join("\n");
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: &shared\n    a: b\ndata:\n${uses}\n`;
    expect(parseManifests(text, "a.yaml").objects[0]?.object["data"]).toEqual({
      k0: { a: "b" },
      k1: { a: "b" },
      k2: { a: "b" },
      k3: { a: "b" },
      k4: { a: "b" },
    });
    expect(parseManifests(text, "a.yaml", { maxAliasCount: 3 }).diagnostics).toMatchObject([
      { code: "alias-limit", line: 1 },
    ]);
  });

  it("deeply nested YAML (block and flow) and JSON are refused at the depth limit", () => {
    const block = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n${Array.from(
      { length: 250 },
      (_, level) => `${" ".repeat(level + 1)}k:`,
    ).join("\n")}\n`;
    const flow = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const json = `{"a":${'{"a":'.repeat(300)}1${"}".repeat(301)}`;
    for (const [text, line] of [
      [block, 204],
      [flow, 1],
      [json, 1],
    ] as const) {
      const result = parseManifests(text, "deep.yaml");
      expect(result.objects).toEqual([]);
      expect(result.diagnostics).toMatchObject([{ code: "too-deep", severity: "error", line }]);
    }
    expect(parseManifests(block, "deep.yaml", { maxDepth: 300 }).diagnostics).toEqual([]);
  });

  it("with maxDepth raised past the stack, deep input is still a diagnostic, not a crash", () => {
    const compact = `${"- ".repeat(50_000)}x\n`;
    const result = parseManifests(compact, "deep.yaml", { maxDepth: 1_000_000 });
    expect(result.objects).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["too-deep"]);
  });

  it("unclosed deep flow nesting is refused, not a stack overflow", () => {
    const result = parseManifests(`x: ${"[".repeat(50_000)}`, "deep.yaml");
    expect(result.diagnostics.map((d) => d.code)).toContain("too-deep");
  });

  it("text over the size limit", () => {
    const result = parseManifests("apiVersion: v1\n".repeat(10), "big.yaml", { maxFileBytes: 100 });
    expect(result.objects).toEqual([]);
    expect(result.diagnostics).toMatchObject([
      { code: "too-large", severity: "error", file: "big.yaml" },
    ]);
  });

  it("a namespace that is not a string skips the object", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: 12}\n";
    expect(parseManifests(text, "n.yaml")).toMatchObject({
      objects: [],
      diagnostics: [{ code: "invalid-namespace", severity: "error", line: 1 }],
    });
  });

  it("an unknown tag is a warning and the value is read as plain YAML", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: !custom v}\n";
    const result = parseManifests(text, "t.yaml");
    expect(result.objects[0]?.object["data"]).toEqual({ k: "v" });
    expect(result.diagnostics).toMatchObject([
      { code: "yaml-warning", severity: "warning", line: 4 },
    ]);
  });

  it("a List with items that are not a list", () => {
    const result = parseManifests("apiVersion: v1\nkind: List\nitems: {a: 1}\n", "l.yaml");
    expect(result.diagnostics).toMatchObject([{ code: "invalid-list", line: 1 }]);
  });

  it("an item of a List that is not an object is located at the item", () => {
    const text =
      "apiVersion: v1\nkind: List\nitems:\n- 42\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: ns1}\n";
    const result = parseManifests(text, "l.yaml");
    expect(lines(result)).toEqual([5]);
    expect(result.diagnostics).toMatchObject([{ code: "not-an-object", line: 4, column: 3 }]);
  });
});
