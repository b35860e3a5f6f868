/**
 * Bonds kept as the chain's u16 (YumaEpochInput.bondsU16 / YumaEpochResult.bondsU16): the
 * widening k -> k / 65535 the passes do without a division is checked for every k, the u16
 * quantization against the float one, and whole epochs on the u16 path against the float path
 * (bonds = k / 65535, storeBondsU16) bit for bit, on random metagraphs in every variant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createYumaEpochResult,
  createYumaWorkspace,
  runYumaEpoch,
  YUMA_VARIANTS,
  type YumaEpochResult,
} from '../../src/yuma/index.ts';
import { EPOCH_FIELDS, firstDifference } from './results.ts';
import { randomMetagraph, shapeFields } from './metagraph.ts';

/** Bit equality (so -0 differs from 0, and NaN equals NaN). */
function sameBits(a: number, b: number): boolean {
  return Object.is(a, b);
}

describe('u16 -> proportion widening', () => {
  it('k * C + k * D with C = 2^-16 + 2^-32 + 2^-48 and D = fl(2^-48 / 65535) is k / 65535 for every u16 k', () => {
    // C and D built from powers of two here, independently of the literals in asm/yuma-passes.ts.
    const C = 2 ** -16 + 2 ** -32 + 2 ** -48;
    expect(C - 2 ** -16 - 2 ** -32).toBe(2 ** -48); // C is exact
    const D = 2 ** -48 / 65535;
    let bad = 0;
    for (let k = 0; k <= 65535; k++) if (!sameBits(k * C + k * D, k / 65535)) bad++;
    expect(bad).toBe(0);
    // The candidate without the split, k * fl(1 / 65535), is not exact: the split is needed.
    let badProduct = 0;
    for (let k = 0; k <= 65535; k++) if (!sameBits(k * (1 / 65535), k / 65535)) badProduct++;
    expect(badProduct).toBeGreaterThan(0);
  });

  it('passes.wasm widenU16 gives k / 65535 for all 65,536 k, in its vector loop and in its scalar tail', () => {
    const ws = createYumaWorkspace(256, 256); // matrices of 65,536 elements
    const src = ws.bondsInU16;
    const dst = ws.bondsIn;
    for (let k = 0; k <= 65535; k++) src[k] = k;
    dst.fill(NaN);
    ws.passes.widenU16(src.byteOffset, dst.byteOffset, 0, 1, 65536);
    let bad = 0;
    for (let k = 0; k <= 65535; k++) if (!sameBits(dst[k], k / 65535)) bad++;
    expect(bad).toBe(0);
    // Rows of one element go through the scalar tail. One call per k.
    dst.fill(NaN);
    for (let k = 0; k <= 65535; k++) ws.passes.widenU16(src.byteOffset + 2 * k, dst.byteOffset + 8 * k, 0, 1, 1);
    for (let k = 0; k <= 65535; k++) if (!sameBits(dst[k], k / 65535)) bad++;
    expect(bad).toBe(0);
    // rows x n stops the writes: the element after it is not written.
    dst.fill(NaN);
    ws.passes.widenU16(src.byteOffset, dst.byteOffset, 0, 1, 5);
    expect(Array.from(dst.subarray(0, 6))).toEqual([0, 1 / 65535, 2 / 65535, 3 / 65535, 4 / 65535, NaN]);
  });

  it('widenU16 with column sums adds each widened bond to its column\'s sum, row after row, as the float pass does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 11 }),
        fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 77, maxLength: 77 }),
        fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 11, maxLength: 11 }),
        (rows, n, ks, start) => {
          const ws = createYumaWorkspace(11, 7);
          const len = rows * n;
          for (let i = 0; i < len; i++) ws.bondsInU16[i] = ks[i];
          ws.bondsIn.fill(NaN);
          ws.colB.fill(NaN);
          for (let j = 0; j < n; j++) ws.colB[j] = start[j];
          ws.passes.widenU16(ws.bondsInU16.byteOffset, ws.bondsIn.byteOffset, ws.colB.byteOffset, rows, n);
          const sums = start.slice(0, n);
          for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) sums[j] += ks[r * n + j] / 65535;
          for (let j = 0; j < n; j++) expect(sameBits(ws.colB[j], sums[j])).toBe(true);
          for (let i = 0; i < len; i++) expect(sameBits(ws.bondsIn[i], ks[i] / 65535)).toBe(true);
          if (len < ws.bondsIn.length) expect(ws.bondsIn[len]).toBeNaN();
          if (n < 11) expect(ws.colB[n]).toBeNaN();
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('u16 quantization', () => {
  it('quantizeRowsToU16 (and divideRowsByColumnToU16) store the k whose k / 65535 quantizeRowsU16 writes (after divideRowsByColumn), on the flagged rows only', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(
          fc.oneof(
            fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
            fc.integer({ min: 0, max: 65535 }).map((k) => k / 65535),
            // just below a step, and just above 1 (clamped to 65535)
            fc.integer({ min: 1, max: 65535 }).map((k) => k / 65535 - 2 ** -60),
            fc.constantFrom(0, 1, 1 + 2 ** -52, 2, 1e300),
          ),
          { minLength: 45, maxLength: 45 },
        ),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        (n, rows, values, flags) => {
          const ws = createYumaWorkspace(9, 5);
          const len = rows * n;
          for (let r = 0; r < rows; r++) ws.storeRow[r] = flags[r] ? 1 : 0;
          const b = ws.stored;
          for (let i = 0; i < len; i++) b[i] = values[i];
          const q = ws.storedU16;
          q.fill(7);
          ws.passes.quantizeRowsToU16(ws.storeRow.byteOffset, b.byteOffset, q.byteOffset, rows, n);
          for (let i = 0; i < len; i++) expect(b[i]).toBe(values[i]); // b not written
          // The fused division: by column maxima in [1, 4), compared with the two float passes.
          const q2 = Uint16Array.from(q);
          for (let j = 0; j < n; j++) ws.colD[j] = 1 + ((values[j] * 7) % 3);
          q.fill(7);
          ws.passes.divideRowsByColumnToU16(ws.storeRow.byteOffset, ws.colD.byteOffset, b.byteOffset, q.byteOffset, rows, n);
          for (let i = 0; i < len; i++) expect(b[i]).toBe(values[i]); // b not written
          const divided = new Uint16Array(q);
          ws.passes.divideRowsByColumn(ws.storeRow.byteOffset, ws.colD.byteOffset, b.byteOffset, rows, n);
          ws.passes.quantizeRowsU16(ws.storeRow.byteOffset, b.byteOffset, rows, n);
          for (let i = 0; i < len; i++) {
            if (flags[Math.floor(i / n)]) expect(sameBits(divided[i] / 65535, b[i])).toBe(true);
            else expect(divided[i]).toBe(7);
          }
          q.set(q2);
          for (let i = 0; i < len; i++) b[i] = values[i];
          ws.passes.quantizeRowsU16(ws.storeRow.byteOffset, b.byteOffset, rows, n);
          for (let r = 0; r < rows; r++) {
            for (let j = 0; j < n; j++) {
              const i = r * n + j;
              if (flags[r]) {
                // independent: the chain's floor(b * 65535) clamped to u16
                expect(q[i]).toBe(Math.min(Math.floor(values[i] * 65535), 65535));
                expect(sameBits(q[i] / 65535, b[i])).toBe(true);
              } else {
                expect(q[i]).toBe(7);
              }
            }
          }
          if (len < q.length) expect(q[len]).toBe(7);
        },
      ),
      { numRuns: 200 },
    );
  });
});

const FIELDS = [...EPOCH_FIELDS, 'active', 'validatorPermit', 'bondsRowAction'] as const;

/** The first field where the u16 run differs from the float run (its bonds compared as k / 65535). */
function firstU16Difference(f: YumaEpochResult, h: YumaEpochResult, len: number): string | undefined {
  const d = firstDifference(f, h, FIELDS);
  if (d !== undefined) return d;
  const k = h.bondsU16 as Uint16Array;
  for (let i = 0; i < len; i++) if (!sameBits(f.bonds[i], k[i] / 65535)) return `bonds[${i}]: ${f.bonds[i]} != ${k[i]} / 65535`;
  return undefined;
}

describe('the u16 bonds path', () => {
  it('gives the float path\'s epochs bit for bit over three chained epochs, in every variant, in place or not', () => {
    fc.assert(
      fc.property(
        fc.record({ ...shapeFields(70, 30), allPermitsLost: fc.boolean() }),
        fc.boolean(),
        fc.boolean(),
        (shape, inPlace, roomy) => {
          const m = randomMetagraph(shape);
          const { n, rows } = m.kernel;
          const len = rows * n;
          // The input bonds as the chain's u16 (the metagraph's are k / 65535 already).
          let k: Uint16Array = Uint16Array.from(m.kernel.bonds, (b) => Math.round(b * 65535));
          let b: Float64Array = Float64Array.from(k, (x) => x / 65535);
          expect(b).toEqual(m.kernel.bonds);
          // roomy: a workspace with more rows than used, and longer bonds arrays than rows x n
          const wsF = createYumaWorkspace(n, roomy ? n : rows);
          const wsH = createYumaWorkspace(n, roomy ? n : rows);
          let permits = m.kernel.validatorPermit;
          let last = m.kernel.lastEpochBlock;
          for (let e = 0; e < 3; e++) {
            const block = m.kernel.block + e * m.kernel.tempo;
            const base = { ...m.kernel, block, lastEpochBlock: last, validatorPermit: permits };
            const f = createYumaEpochResult(n, rows);
            runYumaEpoch({ ...base, bonds: b }, m.params, wsF, f, true);
            const h = createYumaEpochResult(n, rows);
            h.bonds.fill(NaN);
            let kIn = k;
            if (roomy) {
              kIn = new Uint16Array(len + 3).fill(9);
              kIn.set(k);
            }
            h.bondsU16 = inPlace ? kIn : new Uint16Array(len + (roomy ? 2 : 0)).fill(11);
            runYumaEpoch({ ...base, bonds: new Float64Array(0), bondsU16: kIn }, m.params, wsH, h);
            expect(firstU16Difference(f, h, len)).toBeUndefined();
            // the float bonds of the u16 run are left alone
            expect(h.bonds.every((x) => Number.isNaN(x))).toBe(true);
            if (roomy) expect(Array.from(h.bondsU16.subarray(len))).toEqual(inPlace ? [9, 9, 9] : [11, 11]);
            k = h.bondsU16.slice(0, len);
            b = f.bonds;
            permits = f.validatorPermit;
            last = block;
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses u16 input bonds without a u16 result, or arrays shorter than rows x n', () => {
    const m = randomMetagraph({ n: 8, seed: 3, density: 1, validators: 4, variant: 'classic' });
    const { n, rows } = m.kernel;
    const ws = createYumaWorkspace(n, rows);
    const out = createYumaEpochResult(n, rows);
    const k = new Uint16Array(rows * n);
    expect(() => runYumaEpoch({ ...m.kernel, bondsU16: k }, m.params, ws, out)).toThrow(/YUMA_BONDS_U16/);
    out.bondsU16 = new Uint16Array(rows * n - 1);
    expect(() => runYumaEpoch({ ...m.kernel, bondsU16: k }, m.params, ws, out)).toThrow(/YUMA_BONDS_U16/);
    out.bondsU16 = new Uint16Array(rows * n);
    expect(() => runYumaEpoch({ ...m.kernel, bondsU16: k.subarray(1) }, m.params, ws, out)).toThrow(/YUMA_BONDS_U16/);
    expect(() => runYumaEpoch({ ...m.kernel, bondsU16: k }, m.params, ws, out)).not.toThrow();
  });
});
