import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CHAIN_TOTAL_SUPPLY_RAO,
  chainBlockReward,
  chainHalvingCount,
  chainHalvingThreshold,
  makeSchedule,
  scheduleReward,
} from '../../src/emission/index.ts';

const CAP = 21_000_000_000_000_000n;
const TAO = 1_000_000_000n;

/** Hand formula: the k-th threshold is the least integer >= cap * (1 - 2^-k). */
function idealThreshold(k: number): bigint {
  const den = 1n << BigInt(k);
  return (CAP * (den - 1n) + den - 1n) / den;
}

describe('chainBlockReward (get_block_emission_for_issuance, block_emission.rs)', () => {
  it('pays 1 TAO at zero issuance and halves at 10.5M, 15.75M, 18.375M TAO', () => {
    expect(chainBlockReward(0n)).toBe(1_000_000_000n);
    expect(chainBlockReward(10_500_000n * TAO - 1n)).toBe(1_000_000_000n);
    expect(chainBlockReward(10_500_000n * TAO)).toBe(500_000_000n);
    expect(chainBlockReward(15_750_000n * TAO - 1n)).toBe(500_000_000n);
    expect(chainBlockReward(15_750_000n * TAO)).toBe(250_000_000n);
    expect(chainBlockReward(18_375_000n * TAO - 1n)).toBe(250_000_000n);
    expect(chainBlockReward(18_375_000n * TAO)).toBe(125_000_000n);
  });

  it('is 0 at and above the 21M cap (TotalSupply, lib.rs)', () => {
    expect(chainBlockReward(CAP)).toBe(0n);
    expect(chainBlockReward(CAP + 12345n)).toBe(0n);
  });

  it('pays floor(1e9 / 2^(k-1)) one rao below and floor(1e9 / 2^k) at each of the first 30 thresholds', () => {
    for (let k = 1; k <= 30; k++) {
      const t = idealThreshold(k);
      const before = 1_000_000_000n / (1n << BigInt(k - 1));
      const after = 1_000_000_000n / (1n << BigInt(k));
      expect(chainBlockReward(t - 1n), `one rao below threshold ${k}`).toBe(before);
      expect(chainBlockReward(t), `at threshold ${k}`).toBe(after);
    }
    // by hand: 1e9 / 2^29 = 1.86 -> 1 rao; 1e9 / 2^30 = 0.93 -> 0: the reward ends at the 30th
    expect(chainBlockReward(idealThreshold(30) - 1n)).toBe(1n);
    expect(chainBlockReward(idealThreshold(30))).toBe(0n);
  });

  it('the closed-form fixed-point threshold equals the hand formula for the first 32 halvings', () => {
    for (let k = 1; k <= 32; k++) expect(chainHalvingThreshold(k)).toBe(idealThreshold(k));
  });

  it('issuance past 2^53 rao is handled exactly (no float rounding)', () => {
    const big = 2n ** 53n + 1n; // about 9.007M TAO: still the first era
    expect(chainBlockReward(big)).toBe(1_000_000_000n);
    expect(chainHalvingCount(big, CAP)).toBe(0);
  });

  it('refuses negative issuance', () => {
    expect(() => chainBlockReward(-1n)).toThrow('NEGATIVE_ISSUANCE');
  });
});

const issuanceArb = fc.oneof(
  fc.bigInt({ min: 0n, max: CAP + 10n ** 12n }),
  fc
    .tuple(fc.integer({ min: 1, max: 34 }), fc.bigInt({ min: -1000n, max: 1000n }))
    .map(([k, d]) => {
      const v = idealThreshold(k) + d;
      return v < 0n ? 0n : v;
    }),
  fc.bigInt({ min: CAP - 10n ** 9n, max: CAP + 10n }),
);

describe('chain reward properties', () => {
  it('the reward never increases as issuance grows', () => {
    fc.assert(
      fc.property(issuanceArb, fc.bigInt({ min: 0n, max: 10n ** 15n }), (i, d) => {
        expect(chainBlockReward(i + d) <= chainBlockReward(i)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('issuance plus all remaining rewards never passes the cap', () => {
    // Past the current era, each later era pays at most its width times its reward; summing
    // the era widths by the hand formula bounds the total that can ever be minted.
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: CAP }), (i) => {
        let total = i;
        let cur = i;
        for (let guard = 0; guard < 40; guard++) {
          const r = chainBlockReward(cur);
          if (r === 0n) break;
          const k = chainHalvingCount(cur, CAP);
          const next = idealThreshold(k + 1);
          const blocks = (next - cur + r - 1n) / r;
          total = cur + blocks * r;
          cur = total;
        }
        expect(total <= CAP + 1_000_000_000n).toBe(true); // overshoot of the last block of an era
        expect(cur >= i).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('the reward exactly halves (floor) across every threshold until it reaches 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 34 }), (k) => {
        const t = chainHalvingThreshold(k);
        if (t >= CAP) return;
        const before = chainBlockReward(t - 1n);
        expect(chainBlockReward(t)).toBe(before / 2n === 0n ? 0n : 1_000_000_000n >> BigInt(k));
      }),
    );
  });
});

describe('time schedule', () => {
  it('halves every interval blocks and never mints past the cap', () => {
    const spec = makeSchedule('time', { halvingIntervalBlocks: 100, capRao: 150n * TAO });
    expect(scheduleReward(spec, 0n, 0)).toBe(TAO);
    expect(scheduleReward(spec, 0n, 99)).toBe(TAO);
    expect(scheduleReward(spec, 0n, 100)).toBe(TAO / 2n);
    expect(scheduleReward(spec, 0n, 250)).toBe(TAO / 4n);
    // 0.3 TAO left below the cap: the reward is what is left
    expect(scheduleReward(spec, 150n * TAO - 300_000_000n, 0)).toBe(300_000_000n);
    expect(scheduleReward(spec, 150n * TAO, 0)).toBe(0n);
  });

  it('default interval is four 365.25-day years of 12 s blocks', () => {
    expect(makeSchedule('time').halvingIntervalBlocks).toBe(10_519_200);
  });
});
