import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runner } from '../../src/sweep/runners/study.ts';
import { parseSweepYaml } from '../../src/sweep/index.ts';

const TINY = { major_stake: 0.6, sigma: 0.4, validators: 4, network: 16, grid: 6, probe_major_weight: 0.6 };

describe('the study sweep runner', () => {
  it('runs one major stake deterministically from the run seed', () => {
    const a = runner.run(TINY, 11) as Record<string, number>;
    expect(runner.run(TINY, 11)).toEqual(a);
    expect(Object.keys(a).sort()).toEqual([...runner.metrics].sort());
    expect(a.probe_worst_ratio >= 0 && a.probe_worst_ratio <= 1).toBe(true);
  });
  it('names bad fields', () => {
    expect(runner.validate({ ...TINY, variant: 'yuma4' })[0]).toMatch(/^variant: /);
    expect(runner.validate({ ...TINY, probe_major_weight: 0.65 })[0]).toMatch(/^probe_major_weight: /);
    expect(runner.validate({ ...TINY, validators: 15 })[0]).toMatch(/^validators: /);
    expect(runner.validate({ ...TINY, colour: 1 })[0]).toMatch(/unknown field/);
  });
  it('the bundled sweep file parses', () => {
    const spec = parseSweepYaml(readFileSync('scenarios/sweeps/consensus-study.yaml', 'utf8'), 'scenarios/sweeps/consensus-study.yaml');
    expect(spec.runner).toBe('study');
  });
});
