import { describe, expect, it } from 'vitest';
import { activityCutoffBlocks, amountRaoOrError, checkScenario as check, durationBlocks } from '../../src/sim/index.ts';

describe('durations', () => {
  it('turns spans into 12 s blocks', () => {
    expect(durationBlocks('30d', 12)).toBe(216_000); // 30 * 86400 / 12
    expect(durationBlocks('1y', 12)).toBe(2_628_000); // 365 * 7200
    expect(durationBlocks('12h', 12)).toBe(3_600);
    expect(durationBlocks('2w', 12)).toBe(100_800);
    expect(durationBlocks('1.5d', 12)).toBe(10_800);
    expect(durationBlocks('500b', 12)).toBe(500);
    expect(durationBlocks(77, 12)).toBe(77);
    expect(durationBlocks('77', 12)).toBe(77);
  });
  it('refuses spans that are not whole blocks, and bad text', () => {
    expect(() => durationBlocks('7s', 12)).toThrow('DURATION_NOT_WHOLE_BLOCKS');
    expect(() => durationBlocks('3 days', 12)).toThrow('DURATION_FORMAT');
    expect(() => durationBlocks(0, 12)).toThrow('DURATION_NOT_POSITIVE_INTEGER');
  });
});

describe('amounts', () => {
  it('reads TAO decimals and rao', () => {
    expect(amountRaoOrError(1000)).toBe(1_000_000_000_000n);
    expect(amountRaoOrError('0.5')).toBe(500_000_000n);
    expect(amountRaoOrError('123rao')).toBe(123n);
  });
  it('refuses negative, exponent and over-precise amounts with a message', () => {
    expect(typeof amountRaoOrError(-1)).toBe('string');
    expect(typeof amountRaoOrError(1e21)).toBe('string');
    expect(typeof amountRaoOrError('0.0000000001')).toBe('string');
  });
});

describe('activity cutoff (chain: utils/misc.rs get_activity_cutoff_blocks)', () => {
  it('is factor x tempo / 1000 floored, at least 1; or the fixed cutoff when the factor is null', () => {
    const r = check({ seed: 1, duration: 1, subnets: { count: 1 } });
    if (!r.ok) throw new Error('invalid');
    const h = r.scenario.subnets[0].hyperparameters;
    expect(activityCutoffBlocks(h, 360)).toBe(5000); // 13889 * 360 / 1000 = 5000.04
    expect(activityCutoffBlocks(h, 100)).toBe(1388);
    expect(activityCutoffBlocks({ ...h, activity_cutoff_factor_milli: 1 }, 10)).toBe(1);
    expect(activityCutoffBlocks({ ...h, activity_cutoff_factor_milli: null, activity_cutoff: 77 }, 360)).toBe(77);
  });
});
