import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFastDocument } from "./fast-yaml.ts";
import { DEFAULT_LIMITS } from "./load-options.ts";
import { yamlDocuments } from "./yaml-documents.ts";

/** What the `yaml` package makes of one document: the reference the fast reader must match. */
function reference(text: string) {
  const { documents, diagnostics } = yamlDocuments(text, "t.yaml", DEFAULT_LIMITS);
  const document = documents[0];
  const elements = (value: unknown): unknown[] | undefined =>
    Array.isArray(value)
      ? value
      : typeof value === "object" &&
          value !== null &&
          "items" in value &&
          Array.isArray(value.items)
        ? value.items
        : undefined;
  return {
    isValid: diagnostics.length === 0 && documents.length <= 1,
    value: document?.value ?? null,
    position: document?.position,
    elements: elements(document?.value)?.map((_, index) => document?.itemPosition(index)),
  };
}

function expectSameAsYaml(text: string): boolean {
  const fast = readFastDocument(text, 1, DEFAULT_LIMITS.maxDepth);
  if (fast === undefined) return false;
  const expected = reference(text);
  expect(expected.isValid, `the yaml package rejects what the fast reader accepted:\n${text}`).toBe(
    true,
  );
  expect(fast.value).toEqual(expected.value);
  if (fast.value !== null) {
    expect(fast.position).toEqual(expected.position);
    if (expected.elements !== undefined) expect(fast.elements).toEqual(expected.elements);
  }
  return true;
}

const KUBECTL = `apiVersion: v1
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    annotations:
      deployment.kubernetes.io/revision: "1"
    labels: {}
    name: web
  spec:
    template:
      spec:
        containers:
        - args:
          - --port=8080
          - -v
          image: nginx:1.27 # pinned
          name: web
          ports:
          - containerPort: 8080
            protocol: TCP
        securityContext:
          runAsUser: 1000
          fsGroup: 0o10
kind: List
metadata:
  resourceVersion: ""
`;

describe("readFastDocument", () => {
  it("reads kubectl and Helm style YAML exactly as the yaml package does", () => {
    const helm = `# Source: x/templates/d.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: "web"
  labels:
    app.kubernetes.io/name: 'it''s'
    enabled: yes
    port: 0644
spec:
    replicas: 3
    strategy: ~
    ratio: 1.5e3
    hex: 0x1F
    empty:
    inf: .inf
    list:
      - a
      -   b: 1
          c: "\\x41\\u00e9\\t"
      - - nested
        - seq
`;
    expect(expectSameAsYaml(KUBECTL.replace(/labels: \{\}/, "labels:"))).toBe(true);
    expect(expectSameAsYaml(helm)).toBe(true);
    expect(expectSameAsYaml("# only a comment\n")).toBe(true);
    expect(expectSameAsYaml('rules:\n  - apiGroups:\n      - ""\n    verbs:\n      - get\n')).toBe(
      true,
    );
  });

  it("hands what it does not read to the yaml package", () => {
    for (const text of [
      "a: >\n  folded\n",
      "a: |+\n  kept\n\n",
      "a: |2\n   indicated\n",
      "a: |\n  no final newline",
      "a: *undefined\n",
      "- &x key: v\n",
      "- &x - y\n",
      "a: {b: 1}\n",
      "a: b\na: c\n",
      "<<: {a: 1}\n",
      "a: plain\n  continued\n",
      "a:\tb\n",
      "a: b: c\n",
      "- \n- a\n",
      "a: 'unclosed\n",
      "key\n",
      "  a: 1\nb: 2\n",
    ]) {
      expect(readFastDocument(text, 1, DEFAULT_LIMITS.maxDepth), text).toBeUndefined();
    }
  });

  it("refuses nesting past the depth limit, for the yaml path to report", () => {
    const deep = Array.from({ length: 10 }, (_, level) => `${" ".repeat(level)}k:`).join("\n");
    expect(readFastDocument(deep, 1, 5)).toBeUndefined();
    expect(readFastDocument(deep, 1, 20)).toBeDefined();
  });

  it("numbers lines from the given first line", () => {
    const fast = readFastDocument("\n# c\nitems:\n- a: 1\n", 10, 200);
    expect(fast?.position).toEqual({ line: 12, column: 1 });
    expect(fast?.elements).toEqual([{ line: 13, column: 3 }]);
  });
});

// Scalars chosen to hit every YAML 1.1 resolution rule and every way out of the subset.
const TRICKY = [
  "yes",
  "No",
  "on",
  "OFF",
  "y",
  "n",
  "true",
  "~",
  "null",
  "NULL",
  "",
  "0644",
  "0o17",
  "0x1F",
  "0b101",
  "1_000",
  "+12",
  "-3",
  "1.5",
  "1e3",
  "6.02e+23",
  ".inf",
  "-.Inf",
  ".nan",
  "1:20",
  "2024-01-02",
  "2024-01-02T03:04:05Z",
  "--flag=x",
  "-v",
  "a:b",
  "a: b",
  "a #c",
  "a#c",
  "#c",
  ":x",
  "?x",
  "- x",
  "-",
  "[a]",
  "{a: 1}",
  "&a",
  "*a",
  "!tag x",
  "|",
  ">",
  "%x",
  "@x",
  "`x",
  "'q'",
  '"q"',
  "'it''s'",
  '"\\x41\\u00e9\\N"',
  '"\\q"',
  "a  b",
  "trailing  ",
  "<<",
  "__proto__",
  "constructor",
  "ünïcode",
  "é: x",
  "a,b",
  "a]",
  "k8s.io/name",
  '"a: b"',
];

const plainScalarText = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ maxLength: 8 }),
  fc.string({ maxLength: 8 }).map((text) => JSON.stringify(text)),
  fc.string({ maxLength: 8 }).map((text) => `'${text.replaceAll("'", "''")}'`),
);

// Anchors and aliases, some defined after use, some redefined: `yaml` decides what is valid.
const anchorName = fc.constantFrom("a", "b");
const scalarText = fc.oneof(
  { weight: 4, arbitrary: plainScalarText },
  fc.tuple(anchorName, plainScalarText).map(([name, text]) => `&${name} ${text}`),
  anchorName.map((name) => `*${name}`),
);

interface Style {
  readonly step: number;
  readonly seqUnderKey: boolean;
  readonly compact: boolean;
  readonly comment: string;
}

type Tree =
  | string
  | { readonly literal: readonly string[]; readonly header: string }
  | { readonly anchor: string; readonly node: Tree }
  | { readonly map: readonly [string, Tree][] }
  | { readonly seq: readonly Tree[] };

// Lines of a block scalar, some of which look like comments, entries or blank lines.
const literalLine = fc.oneof(
  fc.constantFrom("", "  ", "#not a comment", "a: b", "- x", "  indented", "   ", "x  "),
  fc.string({ maxLength: 10 }),
);
const literal = fc.record({
  literal: fc.array(literalLine, { minLength: 1, maxLength: 4 }),
  header: fc.constantFrom("|", "|-", "|+", "| # c", "|2", ">"),
});

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalarText,
    literal,
    fc.record({ anchor: anchorName, node: tie("node") }),
    fc.record({ map: fc.array(fc.tuple(scalarText, tie("node")), { minLength: 1, maxLength: 4 }) }),
    fc.record({ seq: fc.array(tie("node"), { minLength: 1, maxLength: 4 }) }),
  ),
})).node;

function render(node: Tree, indent: number, style: Style, out: string[], prefix: string): void {
  const pad = " ".repeat(indent);
  if (typeof node === "string") {
    out.push(`${prefix}${node}${style.comment}`);
    return;
  }
  if ("anchor" in node) {
    // An anchor on a collection stands on its own line, the collection below it.
    if (typeof node.node === "string" || "literal" in node.node || "anchor" in node.node) {
      render(node.node, indent, style, out, `${prefix}&${node.anchor} `);
    } else {
      out.push(`${prefix}&${node.anchor}`);
      render(node.node, indent + style.step, style, out, " ".repeat(indent + style.step));
    }
    return;
  }
  if ("literal" in node) {
    out.push(`${prefix}${node.header}`);
    const deeper = `${pad}${" ".repeat(style.step)}`;
    for (const line of node.literal) out.push(line === "" ? "" : `${deeper}${line}`);
    return;
  }
  if ("map" in node) {
    node.map.forEach(([key, value], index) => {
      const lead = index === 0 ? prefix : pad;
      if (typeof value === "string") out.push(`${lead}${key}: ${value}${style.comment}`);
      else if ("literal" in value || "anchor" in value) {
        render(value, indent, style, out, `${lead}${key}: `);
      } else {
        out.push(`${lead}${key}:${style.comment}`);
        const child = "seq" in value && style.seqUnderKey ? indent : indent + style.step;
        render(value, child, style, out, " ".repeat(child));
      }
    });
    return;
  }
  node.seq.forEach((value, index) => {
    const lead = index === 0 ? prefix : pad;
    if (typeof value === "string" || "literal" in value || "anchor" in value || style.compact) {
      render(value, indent + 2, style, out, `${lead}- `);
    } else {
      out.push(`${lead}-`);
      render(value, indent + style.step, style, out, " ".repeat(indent + style.step));
    }
  });
}

const style = fc.record({
  step: fc.integer({ min: 1, max: 4 }),
  seqUnderKey: fc.boolean(),
  compact: fc.boolean(),
  comment: fc.constantFrom("", " # note", "  #"),
});

const asides = fc.array(
  fc.tuple(fc.nat(), fc.constantFrom("", "   ", "# c", "      # deeper", " #x: y")),
  { maxLength: 3 },
);

describe("readFastDocument (differential property)", () => {
  it("accepts only what the yaml package accepts, and reads it identically", () => {
    let accepted = 0;
    fc.assert(
      fc.property(tree, style, fc.boolean(), asides, (node, chosen, crlf, extra) => {
        const out: string[] = [];
        render(node, 0, chosen, out, "");
        // Blank and comment lines may stand anywhere, at any indentation.
        for (const [at, line] of extra) out.splice(at % (out.length + 1), 0, line);
        const text = `${out.join(crlf ? "\r\n" : "\n")}\n`;
        if (expectSameAsYaml(text)) accepted++;
      }),
      { numRuns: 500 },
    );
    // Not vacuous: random documents free of the unsupported forms are read fast.
    expect(accepted).toBeGreaterThan(10);
  });
});
