/**
 * The draws follow their distributions. Each test draws n = 4000 values from a fixed-seed
 * stream and bounds the Kolmogorov-Smirnov statistic by 1.95 / sqrt(n) ~ 0.031, the 0.1%
 * critical value: a correct sampler exceeds it for 1 seed in 1000, a wrong one (a shifted or
 * mis-scaled distribution) exceeds it by far. Discrete draws use a chi-square bound at 0.1%.
 * The CDFs come from closed forms and mathjs's erf, not from the samplers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erf } from 'mathjs';
import {
  buildPlan,
  drawChoice,
  drawInteger,
  drawLogNormal,
  drawLogUniform,
  drawNormal,
  drawUniform,
  parseSweepYaml,
  seededUniform,
  type Uniform,
} from '../../src/sweep/index.ts';

const N = 4000;
const KS_BOUND = 1.95 / Math.sqrt(N);

function ks(xs: number[], cdf: (x: number) => number): number {
  const s = [...xs].sort((a, b) => a - b);
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, (i + 1) / s.length - f, f - i / s.length);
  }
  return d;
}

function draws(f: (u: Uniform) => number, label: string): number[] {
  const u = seededUniform(20250101, 'test', label);
  return Array.from({ length: N }, () => f(u));
}

const phi = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));

describe('sampled parameters follow their distributions (KS bound 1.95/sqrt(n), n = 4000)', () => {
  it('uniform(2, 5)', () => {
    const xs = draws((u) => drawUniform(u, 2, 5), 'uniform');
    expect(ks(xs, (x) => (x - 2) / 3)).toBeLessThan(KS_BOUND);
    // The test can fail: against a shifted CDF the statistic is far above the bound.
    expect(ks(xs, (x) => Math.min(1, Math.max(0, (x - 2.3) / 3)))).toBeGreaterThan(KS_BOUND);
  });

  it('loguniform(1, 1000): ln x is uniform', () => {
    const xs = draws((u) => drawLogUniform(u, 1, 1000), 'loguniform');
    expect(ks(xs, (x) => Math.log(x) / Math.log(1000))).toBeLessThan(KS_BOUND);
    expect(ks(xs, (x) => (x - 1) / 999)).toBeGreaterThan(KS_BOUND);
  });

  it('normal(10, 2)', () => {
    const xs = draws((u) => drawNormal(u, 10, 2), 'normal');
    expect(ks(xs, (x) => phi((x - 10) / 2))).toBeLessThan(KS_BOUND);
    expect(ks(xs, (x) => phi((x - 10) / 2.3))).toBeGreaterThan(KS_BOUND);
  });

  it('lognormal(0.5, 0.75)', () => {
    const xs = draws((u) => drawLogNormal(u, 0.5, 0.75), 'lognormal');
    expect(ks(xs, (x) => phi((Math.log(x) - 0.5) / 0.75))).toBeLessThan(KS_BOUND);
  });

  it('integer(1, 6): each face about n/6 (chi-square, 5 df, 0.1% bound 20.52)', () => {
    const xs = draws((u) => drawInteger(u, 1, 6), 'integer');
    const counts = [0, 0, 0, 0, 0, 0];
    for (const x of xs) counts[x - 1]++;
    const e = N / 6;
    const chi2 = counts.reduce((s, c) => s + ((c - e) * (c - e)) / e, 0);
    expect(chi2).toBeLessThan(20.52);
    expect(Math.min(...xs)).toBe(1);
    expect(Math.max(...xs)).toBe(6);
  });

  it('choice with weights 1:2:7 (chi-square, 2 df, 0.1% bound 13.82)', () => {
    const u = seededUniform(3, 'test', 'choice');
    const counts = new Map<string, number>([['a', 0], ['b', 0], ['c', 0]]);
    for (let i = 0; i < N; i++) {
      const v = drawChoice(u, ['a', 'b', 'c'], [1, 2, 7]) as string;
      counts.set(v, counts.get(v)! + 1);
    }
    const expected = [0.1, 0.2, 0.7].map((p) => p * N);
    const chi2 = [...counts.values()].reduce((s, c, i) => s + ((c - expected[i]) ** 2) / expected[i], 0);
    expect(chi2).toBeLessThan(13.82);
  });

  it('the plan draws a parameter from its distribution, the same draws at every grid value', () => {
    const spec = parseSweepYaml(`
runner: emission
seed: 9
base: {}
parameters:
  g: [1, 2]
  x: { dist: uniform, min: -1, max: 1 }
samples: ${N}
metrics: [m]
`);
    const plan = buildPlan(spec);
    expect(plan.pointCount).toBe(2 * N);
    const xs = plan.points.slice(0, N).map((p) => p[1] as number);
    expect(ks(xs, (x) => (x + 1) / 2)).toBeLessThan(KS_BOUND);
    expect(plan.points.slice(N).map((p) => p[1])).toEqual(xs);
    expect(plan.points[0][0]).toBe(1);
    expect(plan.points[N][0]).toBe(2);
  });

  it('draws stay inside their bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 50 }), fc.nat(), (lo, width, seed) => {
        const u = seededUniform(seed, 'bounds');
        for (let i = 0; i < 20; i++) {
          const k = drawInteger(u, lo, lo + width);
          expect(Number.isInteger(k) && k >= lo && k <= lo + width).toBe(true);
          const x = drawUniform(u, lo, lo + width + 1);
          expect(x >= lo && x < lo + width + 1).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });
});
