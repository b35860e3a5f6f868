/** Small helpers shared by the passes' tests: a seeded generator for their data, and bit-for-bit equality. */

/** A small seeded generator for a test's data (mulberry32): floats in [0, 1). */
export function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first `len` elements (all of both when len is omitted, and then the lengths too) are the same bits (Object.is: -0 is not 0, NaN is NaN). */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, len?: number): boolean {
  if (len === undefined && a.length !== b.length) return false;
  const count = len ?? a.length;
  for (let i = 0; i < count; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
