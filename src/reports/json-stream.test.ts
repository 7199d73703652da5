import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coalesce, joinChunks } from "./chunks.ts";
import { jsonChunks, LazyArray } from "./json-stream.ts";

// Values JSON.stringify treats specially sit among ordinary ones: undefined and functions (left
// out of objects, null in arrays), dates (toJSON), keys that look like indexes (ordered first).
const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.date({ noInvalidDate: true }),
  fc.string({ unit: "binary" }),
);
const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, leaf, tie("array"), tie("object")),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(fc.string(), fc.nat({ max: 20 }).map(String)), tie("value"), {
    maxKeys: 5,
  }),
})).value;

describe("jsonChunks", () => {
  it("yields exactly the text of JSON.stringify, at any depth and indent", () => {
    fc.assert(
      fc.property(
        tree,
        fc.nat({ max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        (value, depth, indent) => {
          const expected = JSON.stringify({ value }, null, indent);
          expect(joinChunks(jsonChunks({ value }, { depth, indent }))).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("yields many chunks for a large value, not one string", () => {
    const value = { items: Array.from({ length: 1000 }, (_, i) => ({ i, name: `item-${i}` })) };
    expect([...jsonChunks(value)].length).toBeGreaterThan(1000);
  });

  it("serializes a LazyArray as the array of its mapped items, making each only when written", () => {
    const made: number[] = [];
    const lazy = new LazyArray([1, 2, 3], (n) => {
      made.push(n);
      return { n, twice: 2 * n };
    });
    const chunks = jsonChunks({ lazy }, { depth: 3 });
    const first = chunks.next();
    expect(first.done).toBe(false);
    expect(made).toEqual([]);
    const text = (first.value as string) + joinChunks({ [Symbol.iterator]: () => chunks });
    expect(JSON.parse(text)).toEqual({ lazy: [1, 2, 3].map((n) => ({ n, twice: 2 * n })) });
    // Deeper than the walked levels, JSON.stringify itself expands it through toJSON.
    expect(joinChunks(jsonChunks({ lazy }, { depth: 0 }))).toBe(
      JSON.stringify(
        {
          lazy: [
            { n: 1, twice: 2 },
            { n: 2, twice: 4 },
            { n: 3, twice: 6 },
          ],
        },
        null,
        2,
      ),
    );
  });
});

describe("coalesce", () => {
  it("keeps the text and makes pieces of at least the size, the last excepted", () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.integer({ min: 1, max: 50 }), (chunks, size) => {
        const pieces = [...coalesce(chunks, size)];
        expect(pieces.join("")).toBe(chunks.join(""));
        for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(size);
        expect(pieces.every((piece, i) => piece !== "" || i === pieces.length - 1)).toBe(true);
      }),
    );
  });

  it("gives a text shorter than the size as one piece", () => {
    expect([...coalesce(["a", "b", "c"], 10)]).toEqual(["abc"]);
  });
});
