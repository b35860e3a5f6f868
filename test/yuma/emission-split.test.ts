/**
 * passes.wasm `emissionSplit` against emission.ts, which states the epoch's last steps in
 * TypeScript, bit for bit: the dividends normalized, the emission shares (with the fallbacks when
 * nothing is earned) and the rao paid, including the excess taken back when the floors overpay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emissionShares, normalizeInPlace, paidRao } from '../../src/yuma/emission.ts';
import { S_EMISSION } from '../../src/yuma/passes.ts';
import { createYumaWorkspace } from '../../src/yuma/index.ts';
import { mulberry, sameBits } from './seeded.ts';

/** The workspace's split on these inputs: [dividends, serverShare, validatorShare, server rao, validator rao]. */
function split(inc: Float64Array, div: Float64Array, stake: Float64Array, active: Float64Array, emission: number): Float64Array[] {
  const n = inc.length;
  const ws = createYumaWorkspace(n, 0);
  ws.colIncentive.set(inc);
  ws.colDividends.set(div);
  ws.colStake.set(stake);
  ws.activeStake.set(active);
  ws.scalars[S_EMISSION] = emission;
  ws.passes.emissionSplit(n, ws.colIncentive.byteOffset, ws.colDividends.byteOffset, ws.colStake.byteOffset, ws.activeStake.byteOffset,
    ws.scalars.byteOffset, ws.colServerShare.byteOffset, ws.colValidatorShare.byteOffset, ws.colServerRao.byteOffset,
    ws.colValidatorRao.byteOffset);
  return [ws.colDividends, ws.colServerShare, ws.colValidatorShare, ws.colServerRao, ws.colValidatorRao].map((a) => a.slice());
}

/** emission.ts's steps as the kernel ran them. */
function reference(inc: Float64Array, div: Float64Array, stake: Float64Array, active: Float64Array, emission: number): Float64Array[] {
  const n = inc.length;
  const d = normalizeInPlace(div.slice(), n);
  const ss = new Float64Array(n);
  const vs = new Float64Array(n);
  emissionShares(inc, d, stake, active, n, ss, vs);
  const sr = new Float64Array(n);
  const vr = new Float64Array(n);
  paidRao({ emissionRao: emission }, ss, vs, n, sr, vr);
  return [d, ss, vs, sr, vr];
}

describe('emissionSplit', () => {
  it('is emission.ts bit for bit: normalized dividends, shares, fallbacks and rao', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom('earned', 'none', 'no-active'),
        (n, seed, kind) => {
          const rng = mulberry(seed);
          const share = () => (rng() < 0.3 ? 0 : rng() * 10 ** Math.floor(rng() * 6 - 5));
          const inc = Float64Array.from({ length: n }, () => (kind === 'earned' ? share() : 0));
          const div = Float64Array.from({ length: n }, () => (kind === 'earned' ? share() : 0));
          const stake = Float64Array.from({ length: n }, share);
          const active = Float64Array.from({ length: n }, () => (kind === 'no-active' ? 0 : share()));
          // Emissions up to 2^53 rao, some where floor(share * emission) sums past the emission.
          const emission = rng() < 0.5 ? Math.floor(rng() * 2 ** 53) : Math.floor(rng() * 1e12);
          const got = split(inc, div, stake, active, emission);
          const want = reference(inc, div, stake, active, emission);
          return got.every((g, i) => sameBits(g, want[i]));
        }),
      { numRuns: 500 },
    );
  });

  it('takes an overpayment back off the largest amount, the lowest uid first among equals', () => {
    // All incentive, 1 and 3 of a total 4: shares 0.25 and 0.75; of 10 rao, floor(2.5) = 2 and floor(7.5) = 7.
    const inc = Float64Array.from([1, 3]);
    const zero = new Float64Array(3);
    const [, ss, , sr, vr] = split(inc, zero.subarray(0, 2), zero.subarray(0, 2), zero.subarray(0, 2), 10);
    expect(Array.from(ss)).toEqual([0.25, 0.75]);
    expect(Array.from(sr)).toEqual([2, 7]);
    expect(Array.from(vr)).toEqual([0, 0]);
    // Shares summing past 1 by construction (validator shares from the fallback: the stake), on
    // an emission where the floors overpay by 1 rao: 0.5 + 0.5 + 2^-52 of 2^52 rao.
    const stake = Float64Array.from([0.5, 0.5, 2 ** -52]);
    const [, , vs2, sr2, vr2] = split(zero, zero, stake, zero, 2 ** 52);
    expect(Array.from(vs2)).toEqual([0.5, 0.5, 2 ** -52]);
    // floors: 2^51, 2^51, 1 = 2^52 + 1; the excess rao comes off uid 0 (the first of the two largest).
    expect(Array.from(vr2)).toEqual([2 ** 51 - 1, 2 ** 51, 1]);
    expect(Array.from(sr2)).toEqual([0, 0, 0]);
  });
});
