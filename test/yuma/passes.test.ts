/**
 * The WebAssembly passes (src/yuma/passes.wasm) against the kernel's TypeScript formulas, bit for
 * bit: the vector exp against `expClamped` (including the arguments where the rounding of
 * x * 64 / ln2 to k meets a half, ties going to even, and the double below 0.5), and the liquid-alpha EMA
 * against min((1 - a) b + max(a w, 0), 1) with a = `liquidAlpha` per pair, on random rows of odd
 * and even length with zeros, ties w = b and w = c; and the u16 rounding of stored bonds against
 * floor(b * 65535) / 65535 written out independently.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expClamped, liquidAlpha } from '../../src/yuma/bonds.ts';
import { S_ALPHA_HIGH, S_ALPHA_LOW, S_SIGMOID_SCALE } from '../../src/yuma/passes.ts';
import {
  BONDS_SET,
  createYumaEpochResult,
  createYumaWorkspace,
  DEFAULT_YUMA_PARAMS,
  resolveYumaParams,
  runYumaEpoch,
} from '../../src/yuma/index.ts';
import { randomMetagraph } from './metagraph.ts';
import { mulberry } from './seeded.ts';

const C = 92.33248261689366; // 64 / ln 2, as expClamped scales its argument

/** x near (k + 1/2) / C whose product with C is exactly k + 1/2 (the halves, where ties go to even), and the x giving y = 0.5 - 2^-54. */
function awkwardArguments(): number[] {
  const xs: number[] = [];
  const near = (target: number) => {
    const x = target / C;
    const step = Math.abs(x) * 2 ** -52 || 2 ** -1074;
    for (let t = -8; t <= 8; t++) {
      const cand = x + t * step;
      if (cand * C === target && cand >= -20 && cand <= 20) xs.push(cand);
    }
  };
  for (let k = -1846; k <= 1846; k++) near(k + 0.5);
  near(0.49999999999999994);
  return xs;
}

describe('passes.wasm', () => {
  const ws = createYumaWorkspace(64, 64);
  const out = new Float64Array(ws.passes.memory.buffer, ws.colD.byteOffset, 2);
  const expPair = (a: number, b: number) => {
    ws.passes.expPair(a, b, ws.scalars.byteOffset, ws.pow2of64th.byteOffset, ws.colD.byteOffset);
    return [out[0], out[1]];
  };

  it('exp on two lanes is expClamped, bit for bit, at halves and random points', () => {
    const xs = awkwardArguments();
    // Most halves have some x with x * C exactly k + 1/2; they are the cases where rounding matters.
    expect(xs.length).toBeGreaterThan(1000);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      expect(expPair(xs[i], xs[i + 1])).toEqual([expClamped(xs[i]), expClamped(xs[i + 1])]);
    }
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), (a, b) => {
        const [ea, eb] = expPair(a, b);
        return Object.is(ea, expClamped(a)) && Object.is(eb, expClamped(b));
      }),
      { numRuns: 20_000 },
    );
  });

  it('the liquid-alpha EMA is the per-pair formula, bit for bit', () => {
    const cell = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: -32768, max: 32767 }),
        fc.array(cell, { minLength: 64 * 3, maxLength: 64 * 3 }),
        (rows, n, seed, lowU16, highU16, steepness, pool) => {
          // Usually low <= high (snapshots require it); every fourth case the kernel gets them the
          // other way round, where the pass must keep its clamp from below.
          const ordered = (seed & 3) !== 0;
          const p = resolveYumaParams({ ...DEFAULT_YUMA_PARAMS, variant: 'yuma3-liquid',
            alphaLowU16: ordered ? Math.min(lowU16, highU16) : Math.max(lowU16, highU16),
            alphaHighU16: ordered ? Math.max(lowU16, highU16) : Math.min(lowU16, highU16), alphaSigmoidSteepness: steepness });
          const pick = (i: number) => pool[(i * 7 + seed) % pool.length];
          const size = rows * n;
          const c = Float64Array.from({ length: n }, (_, j) => pick(j));
          const keep = Float64Array.from({ length: n }, (_, j) => ((seed >> (j % 31)) & 1 ? 1 : 0));
          const w = Float64Array.from({ length: size }, (_, i) => pick(i + 3));
          // Ties: some bonds equal to the weight, some weights equal to the consensus.
          const b = Float64Array.from({ length: size }, (_, i) => (i % 5 === 0 ? w[i] : pick(i + 11)));
          for (let i = 0; i < size; i += 7) w[i] = c[i % n];
          ws.ema.set(w);
          ws.bondsIn.set(b);
          ws.colConsensus.set(c);
          ws.colB.set(keep);
          ws.colA.fill(0);
          ws.scalars[S_ALPHA_LOW] = p.alphaLow;
          ws.scalars[S_ALPHA_HIGH] = p.alphaHigh;
          ws.scalars[S_SIGMOID_SCALE] = p.sigmoidScale;
          ws.passes.liquidEma(ws.ema.byteOffset, ws.bondsIn.byteOffset, ws.colConsensus.byteOffset, ws.colB.byteOffset,
            ws.scalars.byteOffset, ws.pow2of64th.byteOffset, ws.colA.byteOffset, rows, n);
          const sum = new Float64Array(n);
          for (let r = 0; r < rows; r++) {
            for (let j = 0; j < n; j++) {
              const wi = w[r * n + j];
              const bi = b[r * n + j] * keep[j];
              const a = liquidAlpha(c[j], wi, bi, p);
              const want = wi === 0 && bi === 0 ? 0 : Math.min((1 - a) * bi + Math.max(a * wi, 0), 1);
              if (!Object.is(ws.ema[r * n + j], want)) return false;
              sum[j] += want;
            }
          }
          for (let j = 0; j < n; j++) if (!Object.is(ws.colA[j], sum[j])) return false;
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('bonds stored as u16', () => {
  // floor(b * 65535) / 65535 clamped to [0, 65535] / 65535, written out here independently; a zero stays as it is.
  const reference = (b: number) => {
    if (b === 0) return b;
    const q = Math.floor(b * 65535);
    return Math.min(65535, Math.max(0, q)) / 65535;
  };
  /** quantizeRowsU16 over one row of xs (flag 1) and one row left alone (flag 0). */
  function quantized(xs: number[]): { set: Float64Array; kept: Float64Array } {
    const n = Math.max(2, xs.length);
    const ws = createYumaWorkspace(n, 2);
    ws.stored.fill(0.123456789);
    ws.stored.set(xs);
    ws.storeRow.set([1, 0]);
    ws.passes.quantizeRowsU16(ws.storeRow.byteOffset, ws.stored.byteOffset, 2, n);
    return { set: ws.stored.slice(0, xs.length), kept: ws.stored.slice(n, 2 * n) };
  }
  it('rounds a flagged row as the chain stores bonds, for any double (NaN stays NaN, -0 stays -0), and leaves the others', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.double({ min: 0, max: 1 }), fc.constantFrom(0, -0, 1, 65534.5 / 65535, 1 / 65535, 5e-324)), { maxLength: 41 }), (xs) => {
        const { set, kept } = quantized(xs);
        for (let i = 0; i < xs.length; i++) if (!Object.is(set[i], reference(xs[i]))) return false;
        return kept.every((v) => v === 0.123456789);
      }),
      { numRuns: 300 },
    );
  });
  it('gives every stored u16 value k / 65535 back unchanged', () => {
    const xs = Array.from({ length: 65536 }, (_, k) => k / 65535);
    const { set } = quantized(xs);
    for (let k = 0; k <= 65535; k++) if (set[k] !== k / 65535) expect(set[k]).toBe(k / 65535);
  });
  it('runYumaEpoch with storeBondsU16 sets the rows it sets to their u16 rounding, in both bond variants', () => {
    for (const variant of ['classic', 'yuma3-liquid'] as const) {
      for (let seed = 1; seed <= 6; seed++) {
        const m = randomMetagraph({ n: 33, seed, density: 0.6, validators: 9, variant, layout: 'compact' });
        const { n, rows } = m.kernel;
        const plain = runYumaEpoch(m.kernel, m.params, createYumaWorkspace(n, rows), createYumaEpochResult(n, rows));
        const u16 = runYumaEpoch(m.kernel, m.params, createYumaWorkspace(n, rows), createYumaEpochResult(n, rows), true);
        expect(Array.from(u16.bondsRowAction)).toEqual(Array.from(plain.bondsRowAction));
        for (let r = 0; r < rows; r++) {
          if (plain.bondsRowAction[r] !== BONDS_SET) continue;
          for (let j = 0; j < n; j++) expect(Object.is(u16.bonds[r * n + j], reference(plain.bonds[r * n + j]))).toBe(true);
        }
        expect(Array.from(u16.dividends)).toEqual(Array.from(plain.dividends));
      }
    }
  });
});

describe('row sums', () => {
  it('maskedRowSums adds each row in column order without its diagonal and its outdated columns, bit for bit', () => {
    // The sum the chain's inplace_row_normalize divides by, after inplace_mask_diag and the
    // outdated mask, written out here as one plain loop per row (masked terms skipped).
    const reference = (w: Float64Array, n: number, r: number, u: number, lu: number, reg: number[]) => {
      let s = 0;
      for (let j = 0; j < n; j++) if (j !== u && lu > reg[j]) s += w[r * n + j];
      return s;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.boolean(),
        (n, rowsWanted, seed, fresh) => {
          const rng = mulberry(seed);
          // Rows: an ascending subset of the uids (the compact layout), at least one.
          const picked = Array.from({ length: n }, (_, i) => i).filter(() => rng() < rowsWanted / n);
          const rowUids = picked.length > 0 ? picked : [Math.floor(rng() * n)];
          const k = rowUids.length;
          const ws = createYumaWorkspace(n, k);
          // Weights of every magnitude, so that the order of the additions shows in the bits.
          const w = Float64Array.from({ length: k * n }, () => (rng() < 0.2 ? 0 : rng() * 10 ** Math.floor(rng() * 12 - 6)));
          const reg = Array.from({ length: n }, () => Math.floor(rng() * 100));
          const lu = rowUids.map(() => (fresh ? 100 + Math.floor(rng() * 5) : Math.floor(rng() * 120)));
          ws.weightsNorm.set(w);
          rowUids.forEach((u, r) => {
            ws.rowUid[r] = u;
            ws.rowLastUpdate[r] = lu[r];
          });
          ws.colRegisteredAt.set(reg);
          ws.passes.maskedRowSums(ws.weightsNorm.byteOffset, k, n, ws.rowUid.byteOffset, ws.rowLastUpdate.byteOffset,
            ws.colRegisteredAt.byteOffset, ws.rowSum.byteOffset);
          for (let r = 0; r < k; r++) if (!Object.is(ws.rowSum[r], reference(w, n, r, rowUids[r], lu[r], reg))) return false;
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});

