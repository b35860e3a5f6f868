/**
 * The emission runner's metrics, by hand: with reward 1 TAO/block from issuance 0 the chain
 * schedule halves when issuance reaches 10.5M TAO, i.e. at block 10,500,000; recycling r TAO
 * per block stretches that to 10.5M / (1 - r) blocks; the time schedule halves at its interval.
 */
import { describe, expect, it } from 'vitest';
import { emissionMetrics, runner, taoNumberToRao } from '../../src/sweep/runners/emission.ts';

const run = (config: Record<string, unknown>, seed = 1) => runner.run(config, seed) as Record<string, unknown>;

describe('the emission runner', () => {
  it('chain schedule from 0: first halving at block 10.5M with issuance 10.5M TAO, then 0.5 TAO/block', () => {
    const m = run({});
    expect(m.first_halving_block).toBe(10_500_000);
    expect(m.issuance_at_first_halving_rao).toBe(10_500_000_000_000_000n);
    expect(m.reward_after_first_halving_rao).toBe(500_000_000n);
    expect(m.first_halving_years).toBeCloseTo((10_500_000 * 12) / (365.25 * 86400), 12);
  });

  it('recycling 0.5 TAO per block doubles the time to the first halving', () => {
    expect(run({ recycle_per_block: 0.5 }).first_halving_block).toBe(21_000_000);
    expect(run({ recycle_per_block: '500000000rao' }).first_halving_block).toBe(21_000_000);
  });

  it('the time schedule halves at its interval; halvings within a horizon are counted', () => {
    const m = run({ schedule: 'time', halving_interval_blocks: 100, horizon_blocks: 350 });
    expect(m.first_halving_block).toBe(100);
    expect(m.halvings_within_horizon).toBe(3);
  });

  it('recycling that matches the reward means no halving ahead: NaN', () => {
    const m = run({ recycle_per_block: 1, start_issuance: 5 });
    expect(Number.isNaN(m.first_halving_block)).toBe(true);
    expect(m.halvings_within_horizon).toBe(0);
  });

  it('recycle noise is drawn from the run seed: same seed same value, bounded by the noise', () => {
    const cfg = { recycle_per_block: 0.1, recycle_noise: 0.01 };
    const a = run(cfg, 11).recycle_per_block_rao as bigint;
    expect(run(cfg, 11).recycle_per_block_rao).toBe(a);
    const others = [12, 13, 14, 15].map((s) => run(cfg, s).recycle_per_block_rao as bigint);
    expect(new Set([a, ...others]).size).toBeGreaterThan(1);
    for (const r of [a, ...others]) expect(r >= 90_000_000n && r <= 110_000_000n).toBe(true);
  });

  it('TAO floats become exact rao of their decimal value', () => {
    expect(taoNumberToRao(0.1)).toBe(100_000_000n);
    expect(taoNumberToRao(9720639.020457836)).toBe(9_720_639_020_457_836n);
    expect(() => taoNumberToRao(-1)).toThrow(/not a TAO amount/);
  });

  it('validate names bad fields', () => {
    expect(runner.validate({ schedule: 'lunar' })[0]).toMatch(/^schedule: /);
    expect(runner.validate({ recycle: 1 })[0]).toMatch(/unknown field\(s\) recycle/);
    expect(runner.validate({ start_issuance: 30_000_000 })).toEqual(['start_issuance: is above cap: give an issuance at or below the cap']);
    expect(runner.validate({ recycle_per_block: 'lots' })[0]).toMatch(/^recycle_per_block: 'lots' is not an amount/);
    expect(emissionMetrics).toBeTypeOf('function');
  });
});
