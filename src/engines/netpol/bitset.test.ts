import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fullBitset, hasBit, popcount32, setBit, transpose32, wordsFor } from "./bitset.ts";

describe("bitset", () => {
  it("transposes any 32x32 block like the naive double loop", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 0xffffffff }), { minLength: 32, maxLength: 32 }),
        (rows) => {
          const block = Uint32Array.from(rows);
          transpose32(block);
          const original = Uint32Array.from(rows);
          const wrong: string[] = [];
          for (let i = 0; i < 32; i += 1) {
            for (let j = 0; j < 32; j += 1) {
              if (hasBit(block, i, j) !== hasBit(original, j, i)) wrong.push(`${i},${j}`);
            }
          }
          expect(wrong).toEqual([]);
        },
      ),
    );
  });

  it("counts bits like the binary expansion", () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (word) => {
        expect(popcount32(word)).toBe([...word.toString(2)].filter((c) => c === "1").length);
      }),
    );
  });

  it("sets exactly the first n bits of a full set, past a word boundary", () => {
    for (const size of [0, 1, 31, 32, 33, 70]) {
      const bits = fullBitset(size);
      expect(bits.length).toBe(wordsFor(size));
      for (let bit = 0; bit < bits.length * 32; bit += 1)
        expect(hasBit(bits, bit)).toBe(bit < size);
    }
    const one = new Uint32Array(3);
    setBit(one, 65);
    expect([...one]).toEqual([0, 0, 2]);
  });
});
