/**
 * Conformance with the chain's swap tests (pallets/swap/src/pallet/tests.rs and balancer.rs
 * at subtensor 14bc6f9f). Expected values are the tests' own f64 formulas and tolerances.
 */
import { describe, expect, it } from 'vitest';
import {
  alphaOutForTao,
  alphaToReachPrice,
  quoteSwap,
  reweightForInjection,
  spotPrice,
  SwapRefused,
  taoOutForAlpha,
  taoToReachPrice,
} from '../../src/dtao-amm/index.ts';

const W = 1; // weighted curve code
const FEE = 33; // DefaultFeeRate

describe('tests.rs::test_swap_basic (reserves 1e9 TAO / 4e9 alpha, price 0.25)', () => {
  const cases: Array<[side: 'stake' | 'unstake', amount: number, limit: number]> = [
    ['stake', 1_000, 1000], ['stake', 2_000, 1000], ['stake', 123_456, 1000],
    ['unstake', 1_000, 0.0001], ['unstake', 2_000, 0.0001], ['unstake', 123_456, 0.0001],
    ['stake', 1_000_000_000, 1000], ['stake', 10_000_000_000, 1000],
  ];
  for (const [side, amount, limit] of cases) {
    it(`${side} ${amount}: out within 1 of the f64 formula, price moves the right way`, () => {
      const pool = { curve: 'weighted' as const, taoReserve: 1e9, alphaReserve: 4e9, quoteWeight: 0.5, feeRateU16: FEE };
      const q = quoteSwap(pool, side, amount, { limitPrice: limit });
      const expectedFee = Math.floor((amount * FEE) / 65535);
      const x = 4e9;
      const y = 1e9;
      const d = amount - expectedFee;
      const expectedOut = side === 'stake' ? x * (1 - y / (y + d)) : y * (1 - x / (x + d));
      expect(Math.abs(q.amountOut - Math.floor(expectedOut))).toBeLessThanOrEqual(1);
      expect(Math.abs(q.deltaIn - d)).toBeLessThanOrEqual(1);
      expect(q.priceAfter >= q.priceBefore).toBe(side === 'stake');
    });
  }
});

describe('tests.rs::test_convert_deltas (f64 formula, epsilon 2)', () => {
  const reserves: Array<[number, number]> = [[1500, 1000], [1, 1_000_000], [1_000_000, 1]];
  const weights = [0.5, 0.50000001, 0.49999999, 0.1, 0.9];
  const deltas = [1, 10_000, 1_000_000]; // the chain's u64::MAX delta is past our 2^53 bound
  it('buy and sell outputs match for 45 (reserve, weight, delta) cases', () => {
    let n = 0;
    for (const [tao, alpha] of reserves) {
      for (const wq of weights) {
        for (const d of deltas) {
          const y = tao;
          const x = alpha;
          const expectedSell = y * (1 - Math.pow(x / (x + d), (1 - wq) / wq));
          const expectedBuy = x * (1 - Math.pow(y / (y + d), wq / (1 - wq)));
          expect(Math.abs(taoOutForAlpha(W, y, x, wq, d) - Math.floor(expectedSell))).toBeLessThanOrEqual(2);
          expect(Math.abs(alphaOutForTao(W, y, x, wq, d) - Math.floor(expectedBuy))).toBeLessThanOrEqual(2);
          n++;
        }
      }
    }
    expect(n).toBe(45);
  });
});

describe('tests.rs: limits and edge cases', () => {
  it('test_swap_precision_edge_case: tiny reserves still pay out at the minimum price', () => {
    for (const [t, a, amt] of [[1_000, 1_000, 999_500], [1_000_000, 1_000_000, 999_500_000]]) {
      const q = quoteSwap({ curve: 'weighted', taoReserve: t, alphaReserve: a, quoteWeight: 0.5, feeRateU16: FEE }, 'unstake', amt, {
        limitPrice: 1e-6,
        minimumReserve: 0,
      });
      expect(q.amountOut).toBeGreaterThan(0);
    }
  });
  it('test_swap_rejects_input_over_1000x_input_reserve: both directions refused', () => {
    const pool = { curve: 'weighted' as const, taoReserve: 1_000, alphaReserve: 1_000, quoteWeight: 0.5, feeRateU16: 0 };
    for (const side of ['stake', 'unstake'] as const) {
      expect(() => quoteSwap(pool, side, 1_000_001, { minimumReserve: 0 })).toThrowError(/SWAP_INPUT_TOO_LARGE/);
    }
  });
  it('test_swap_allows_input_at_1000x_input_reserve: exactly 1000x is allowed', () => {
    const pool = { curve: 'weighted' as const, taoReserve: 1_000, alphaReserve: 1_000, quoteWeight: 0.5, feeRateU16: 0 };
    expect(quoteSwap(pool, 'unstake', 1_000_000, { minimumReserve: 0 }).amountOut).toBeGreaterThan(0);
    expect(quoteSwap(pool, 'stake', 1_000_000, { minimumReserve: 0 }).amountOut).toBeGreaterThan(0);
  });
  it('test_swap_initialization: 1e9 TAO / 4e9 alpha at weight 1/2 is price 0.25', () => {
    expect(Math.abs(spotPrice(W, 1e9, 4e9, 0.5) - 0.25)).toBeLessThan(1e-9);
  });
  it('a price limit already passed is refused (is_beyond_price_limit)', () => {
    const pool = { curve: 'weighted' as const, taoReserve: 1e9, alphaReserve: 4e9, quoteWeight: 0.5, feeRateU16: FEE };
    expect(() => quoteSwap(pool, 'stake', 1000, { limitPrice: 0.2 })).toThrowError(SwapRefused);
    expect(() => quoteSwap(pool, 'unstake', 1000, { limitPrice: 0.3 })).toThrowError(/PRICE_LIMIT_EXCEEDED/);
  });
});

describe('tests.rs::test_adjust_protocol_liquidity_happy (reserves 1e12 / 4e12)', () => {
  const deltas: Array<[number, number]> = [
    [0, 0], [0, 1], [1, 0], [1, 1], [10, 20], [20, 10], [1_000_000, 2_000_000], [2_000_000, 1_000_000],
    [1_000_000_000, 2_000_000_000], [1_000_000_000_000, 2_000_000_000_000], [1_234_567, 2_432_765], [1_234_567, 2_432_765_890],
  ];
  it('the price stays within 1e-12 relative and the weight follows the formula', () => {
    const y = 1e12;
    const x = 4e12;
    const before = spotPrice(W, y, x, 0.5);
    for (const [dt, da] of deltas) {
      const w = reweightForInjection(0.5, y, x, dt, da);
      const after = spotPrice(W, y + dt, x + da, w);
      expect(Math.abs(after - before)).toBeLessThanOrEqual(before / 1e12);
      const expectedW = (y + dt) / ((x + da) * before + (y + dt));
      expect(Math.abs(w - 0.5 - (expectedW - 0.5))).toBeLessThanOrEqual(expectedW / 1e12);
    }
  });
});

describe('balancer.rs tests', () => {
  it('test_calculate_quote_delta_in: dy = y((p\'/p)^w1 - 1) with w1 = 0.75', () => {
    const expected = Math.floor(1e9 * (Math.pow(0.2 / 0.1, 0.75) - 1));
    expect(Math.abs(taoToReachPrice(W, 1e9, 0.25, 0.1, 0.2) - expected)).toBeLessThanOrEqual(1);
  });
  it('test_calculate_base_delta_in: dx = x((p/p\')^w2 - 1) with w2 = 0.25', () => {
    const expected = Math.floor(1e9 * (Math.pow(0.2 / 0.1, 0.25) - 1));
    expect(Math.abs(alphaToReachPrice(W, 1e9, 0.25, 0.2, 0.1) - expected)).toBeLessThanOrEqual(1);
  });
  it('test_calculate_quote_delta_in_impossible / test_calculate_base_delta_in_impossible: 0', () => {
    expect(taoToReachPrice(W, 1e9, 0.25, 0.1, 0.05)).toBe(0);
    expect(alphaToReachPrice(W, 1e9, 0.25, 0.1, 0.2)).toBe(0);
  });
  it('test_calculate_delta_in_reverse_swap: buying dy lands on the target price (1e-9 relative)', () => {
    const y = 1e9;
    const x = Math.floor(y / 0.1);
    const dy = taoToReachPrice(W, y, 0.5, 0.1, 0.2);
    const dx = alphaOutForTao(W, y, x, 0.5, dy);
    expect(Math.abs(spotPrice(W, y + dy, x - dx, 0.5) - 0.2)).toBeLessThanOrEqual(0.2 / 1e9);
  });
  it('test_price_with_equal_weights_is_y_over_x / two_to_one / zero y / general quote', () => {
    expect(Math.abs(spotPrice(W, 5, 2, 0.5) - 2.5)).toBeLessThan(1e-12);
    expect(Math.abs(spotPrice(W, 10, 4, 1 / 3) - 5)).toBeLessThan(1e-10);
    expect(spotPrice(W, 0, 10, 0.3)).toBe(0);
    expect(Math.abs(spotPrice(W, 25, 9, 0.4) - (0.6 / 0.4) * (25 / 9))).toBeLessThan(1e-9);
  });
  it('test_exp_scaled: pool outputs imply the chain\'s (x/(x+dx))^(w ratio) values (1e-9)', () => {
    // reserve y = 1e15 so that floor() costs < 1e-15 of the ratio
    const Y = 1e15;
    const cases: Array<[number, number, number, boolean, number]> = [
      [0.5, 100000, 100, true, 0.999000999000999],
      [0.25, 500000, 5000, true, 0.970590147927644],
      [0.75, 200000, 2000, false, 0.970590147927644],
      [0.9, 13513642, 1673, false, 0.998886481979889],
      [0.773, 7_000_000_000, 10_000, true, 0.999999580484586],
    ];
    for (const [wq, reserve, d, baseQuote, expected] of cases) {
      const out = baseQuote ? taoOutForAlpha(W, Y, reserve, wq, d) : alphaOutForTao(W, reserve, Y, wq, d);
      expect(Math.abs(1 - out / Y - expected)).toBeLessThanOrEqual(1e-9);
    }
  });
});
