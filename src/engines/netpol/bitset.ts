// Fixed-size bitsets and bit matrices over 32-bit words: the reach summaries compare thousands
// of classes at once with word operations instead of one pair at a time.

/** Words needed for `bits` bits. */
export function wordsFor(bits: number): number {
  return (bits + 31) >>> 5;
}

export function setBit(words: Uint32Array, bit: number, offset = 0): void {
  const at = offset + (bit >>> 5);
  words[at] = ((words[at] ?? 0) | (1 << (bit & 31))) >>> 0;
}

export function hasBit(words: Uint32Array, bit: number, offset = 0): boolean {
  return (((words[offset + (bit >>> 5)] ?? 0) >>> (bit & 31)) & 1) === 1;
}

/** A bitset with bits `0..bits-1` set, the bits past the end left clear. */
export function fullBitset(bits: number): Uint32Array {
  const words = new Uint32Array(wordsFor(bits)).fill(0xffffffff);
  const tail = bits & 31;
  if (tail !== 0) words[words.length - 1] = (2 ** tail - 1) >>> 0;
  return words;
}

export function orInto(target: Uint32Array, source: Uint32Array): void {
  for (let i = 0; i < target.length; i += 1) target[i] = (target[i] ?? 0) | (source[i] ?? 0);
}

/** Set bits of one word (Hamming weight). */
export function popcount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Transposes a 32x32 bit block in place: afterwards bit `i` of `block[j]` is what bit `j` of
 * `block[i]` was (the recursive block swap of Hacker's Delight, 7-3, for LSB-first bits).
 */
export function transpose32(block: Uint32Array): void {
  let mask = 0x0000ffff;
  for (let width = 16; width !== 0; width >>>= 1, mask = (mask ^ (mask << width)) >>> 0) {
    for (let k = 0; k < 32; k = (k + width + 1) & ~width) {
      const low = block[k] ?? 0;
      const high = block[k + width] ?? 0;
      const swap = ((low >>> width) ^ high) & mask;
      block[k] = (low ^ (swap << width)) >>> 0;
      block[k + width] = (high ^ swap) >>> 0;
    }
  }
}
