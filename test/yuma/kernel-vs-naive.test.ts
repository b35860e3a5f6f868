/**
 * The kernel equals the naive reference (straight loops over dense matrices, written from the
 * chain's code) on random metagraphs: n from 1 to 300, sparse and dense weights, zero stake,
 * all inactive, all permits lost, every bonds variant, compact and dense row layouts.
 * Max difference 1e-9 on every float output; booleans and bonds row actions exactly; rao to the
 * unit where the emission is small, and as far as the shares' own difference allows at 2^53 rao.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BONDS_CLEARED,
  BONDS_SET,
  BONDS_UNCHANGED,
  YUMA_VARIANTS,
  createYumaEpochResult,
  createYumaWorkspace,
  runYumaEpoch,
  type YumaEpochResult,
} from '../../src/yuma/index.ts';
import { randomMetagraph, type Metagraph, type MetagraphShape } from './metagraph.ts';
import { naiveEpoch } from './naive.ts';

/** Largest difference between kernel and naive outputs; throws on a discrete mismatch. */
export function maxDifference(m: Metagraph, out: YumaEpochResult): number {
  const ref = naiveEpoch(m.naive, m.naiveParams);
  const n = m.kernel.n;
  let worst = 0;
  const cmp = (a: number, b: number, what: string) => {
    const d = Math.abs(a - b);
    if (!(d <= worst)) worst = d;
    if (Number.isNaN(d)) throw new Error(`${what}: NaN`);
  };
  for (let i = 0; i < n; i++) {
    if (out.active[i] !== (ref.active[i] ? 1 : 0)) throw new Error(`active[${i}]`);
    if (out.validatorPermit[i] !== (ref.validatorPermit[i] ? 1 : 0)) throw new Error(`validator_permit[${i}]`);
    cmp(out.stake[i], ref.stake[i], 'stake');
    cmp(out.consensus[i], ref.consensus[i], 'consensus');
    cmp(out.validatorTrust[i], ref.validatorTrust[i], 'validator_trust');
    cmp(out.incentive[i], ref.incentive[i], 'incentive');
    cmp(out.dividends[i], ref.dividends[i], 'dividends');
    cmp(out.serverShare[i], ref.serverShare[i], 'server_share');
    cmp(out.validatorShare[i], ref.validatorShare[i], 'validator_share');
    // rao = floor(share * E) on both sides: two shares d apart give floors at most d E + 1 apart,
    // plus the products' roundings (E 2^-52 together). At E = 1e9 that is 1 rao; at E = 2^53 - 1
    // a share one ulp off is already two rao off, so the bound follows the shares' own difference
    // (which the checks above hold to 1e-9).
    const E = m.kernel.emissionRao;
    const raoBound = (a: number, b: number) => 1 + Math.abs(a - b) * E + E * 2 ** -52;
    if (Math.abs(out.serverEmissionRao[i] - ref.serverEmission[i]) > raoBound(out.serverShare[i], ref.serverShare[i])) {
      throw new Error(`server_emission[${i}]`);
    }
    if (Math.abs(out.validatorEmissionRao[i] - ref.validatorEmission[i]) > raoBound(out.validatorShare[i], ref.validatorShare[i])) {
      throw new Error(`validator_emission[${i}]`);
    }
  }
  const rowOf = new Map<number, number>();
  m.kernel.rowUid.forEach((u, r) => rowOf.set(u, r));
  for (let i = 0; i < n; i++) {
    const row = ref.bonds[i];
    const r = rowOf.get(i);
    if (r === undefined) {
      // Unlisted rows have no weights and no bonds: set rows are all zero, others untouched.
      if (Array.isArray(row) && row.some((b) => b !== 0)) throw new Error(`bonds row ${i} unlisted but non-zero`);
      continue;
    }
    const action = out.bondsRowAction[r];
    if (row === 'cleared') {
      if (action !== BONDS_CLEARED) throw new Error(`bonds row ${i} should be cleared`);
    } else if (row === 'unchanged') {
      if (action !== BONDS_UNCHANGED) throw new Error(`bonds row ${i} should be unchanged`);
      for (let j = 0; j < n; j++) cmp(out.bonds[r * n + j], m.naive.bonds[i][j], 'bonds (unchanged)');
    } else {
      if (action !== BONDS_SET) throw new Error(`bonds row ${i} should be set`);
      for (let j = 0; j < n; j++) cmp(out.bonds[r * n + j], row[j], 'bonds');
    }
  }
  return worst;
}

const shapeArb: fc.Arbitrary<MetagraphShape> = fc.record({
  n: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 300 })),
  seed: fc.integer(),
  density: fc.constantFrom(0, 0.05, 0.3, 1),
  validators: fc.integer({ min: 0, max: 80 }),
  variant: fc.constantFrom(...YUMA_VARIANTS),
  zeroStakeFraction: fc.constantFrom(0, 0.1, 0.5, 1),
  allInactive: fc.boolean(),
  allPermitsLost: fc.boolean(),
  layout: fc.constantFrom('compact' as const, 'dense' as const),
  tiedWeights: fc.boolean(),
});

function runKernel(m: Metagraph): YumaEpochResult {
  const ws = createYumaWorkspace(m.kernel.n, m.kernel.rows);
  const out = createYumaEpochResult(m.kernel.n, m.kernel.rows);
  return runYumaEpoch(m.kernel, m.params, ws, out);
}

describe('kernel = naive reference', () => {
  it('agrees within 1e-9 on random metagraphs in every regime', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const m = randomMetagraph(shape);
        expect(maxDifference(m, runKernel(m))).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 120 },
    );
  });

  it('agrees at an emission of 2^53 - 1 rao, where one ulp of a share is two rao (a case fast-check found)', () => {
    const m = randomMetagraph({ n: 297, seed: 21, density: 1, validators: 14, variant: 'yuma3-liquid', zeroStakeFraction: 0,
      allInactive: false, allPermitsLost: false, layout: 'compact', tiedWeights: true });
    expect(m.kernel.emissionRao).toBe(2 ** 53 - 1);
    expect(maxDifference(m, runKernel(m))).toBeLessThanOrEqual(1e-9);
  });

  it('agrees on the realistic 64-of-256 shape for each variant', () => {
    for (const variant of YUMA_VARIANTS) {
      const m = randomMetagraph({ n: 256, seed: 7, density: 1, validators: 64, variant });
      expect(maxDifference(m, runKernel(m))).toBeLessThanOrEqual(1e-9);
    }
  });

  it('agrees when some columns hold bonds and others none (the classic EMA column sums differ per column)', () => {
    // Where a column's bonds sum to 0 the EMA's column sum is alpha instead of 1, and the dividends
    // weigh that column's incentive by 1 / alpha: a factor that cancels in the dividends'
    // normalization only when every column has it.
    for (const seed of [3, 4, 5, 6]) {
      const m = randomMetagraph({ n: 48, seed, density: 1, validators: 16, variant: 'classic', layout: seed % 2 === 0 ? 'dense' : 'compact' });
      const n = m.kernel.n;
      for (let j = 0; j < n; j += 3) {
        for (let i = 0; i < n; i++) m.naive.bonds[i][j] = 0;
        for (let r = 0; r < m.kernel.rows; r++) m.kernel.bonds[r * n + j] = 0;
      }
      expect(maxDifference(m, runKernel(m))).toBeLessThanOrEqual(1e-9);
    }
  });

  it('gives the same result when the workspace and result are reused', () => {
    const a = randomMetagraph({ n: 40, seed: 1, density: 0.5, validators: 10, variant: 'yuma3-liquid' });
    const b = randomMetagraph({ n: 40, seed: 2, density: 1, validators: 30, variant: 'yuma3-liquid', layout: 'dense' });
    const ws = createYumaWorkspace(40);
    const out = createYumaEpochResult(40);
    runYumaEpoch(b.kernel, b.params, ws, out);
    runYumaEpoch(a.kernel, a.params, ws, out);
    expect(maxDifference(a, out)).toBeLessThanOrEqual(1e-9);
  });
});
