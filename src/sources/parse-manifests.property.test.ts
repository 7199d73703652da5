import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseManifests } from "./index.ts";

// `<<` is YAML 1.1's merge key (Kubernetes' parser merges it too), not data to round-trip.
const key = fc.string({ minLength: 1, maxLength: 12 }).filter((text) => text !== "<<");
const text = fc.string({ maxLength: 20 });
const nonEmpty = fc.string({ minLength: 1, maxLength: 20 });

/** JSON values as Kubernetes objects carry them (no -0: JSON has none). */
const jsonValue = fc
  .jsonValue({ maxDepth: 4 })
  .map((value) => JSON.parse(JSON.stringify(value)) as unknown);

const kubeObject = fc.record(
  {
    apiVersion: fc.oneof(fc.constantFrom("v1", "apps/v1", "example.com/v1beta1"), nonEmpty),
    kind: nonEmpty.filter((kind) => !kind.endsWith("List")),
    metadata: fc.record(
      {
        name: nonEmpty,
        namespace: nonEmpty,
        labels: fc.dictionary(key, text, { maxKeys: 4 }),
        annotations: fc.dictionary(key, text, { maxKeys: 3 }),
      },
      { requiredKeys: ["name"] },
    ),
    spec: fc.dictionary(key, jsonValue, { maxKeys: 4 }),
  },
  { requiredKeys: ["apiVersion", "kind", "metadata"] },
);

/** What may stand before a document: nothing, a Helm `# Source:` comment, an empty document. */
const prelude = fc.constantFrom("", "# Source: chart/templates/x.yaml\n", "---\n", "---\n# c\n");

const lineCount = (segment: string): number => segment.split("\n").length - 1;

describe("parseManifests (property)", () => {
  it("multi-document YAML of random objects comes back equal, each at its first line", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(prelude, kubeObject), { minLength: 1, maxLength: 6 }),
        (docs) => {
          let source = "";
          const expectedLines: number[] = [];
          docs.forEach(([before, object], index) => {
            source += `${index === 0 ? "" : "---\n"}${before}`;
            expectedLines.push(lineCount(source) + 1);
            // Written as YAML 1.1, the version Kubernetes reads, so `yes` or `0644` are quoted.
            source += stringify(object, { version: "1.1" });
          });
          const result = parseManifests(source, "random.yaml");
          expect(result.diagnostics).toEqual([]);
          expect(result.objects.map(({ object }) => object)).toEqual(
            docs.map(([, object]) => object),
          );
          expect(result.objects.map(({ location }) => location.line)).toEqual(expectedLines);
        },
      ),
    );
  });

  it("the same objects as one JSON List come back equal, each item at its line", () => {
    fc.assert(
      fc.property(fc.array(kubeObject, { minLength: 1, maxLength: 5 }), (items) => {
        const rows = items.map((item) => `    ${JSON.stringify(item)}`);
        const source = `{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n${rows.join(",\n")}\n  ]\n}\n`;
        const result = parseManifests(source, "list.json");
        expect(result.diagnostics).toEqual([]);
        expect(result.objects.map(({ object }) => object)).toEqual(items);
        expect(result.objects.map(({ location }) => location.line)).toEqual(
          items.map((_, i) => 5 + i),
        );
      }),
    );
  });
});
