import { describe, expect, it } from 'vitest';
import { buildPlan, parseSweepObject, SweepFileError } from '../../src/sweep/index.ts';

function plan(parameters: Record<string, unknown>, derived: Record<string, string>) {
  return buildPlan(parseSweepObject({ runner: 'emission', seed: 1, base: {}, parameters, derived, metrics: ['m'] }));
}

function refusal(parameters: Record<string, unknown>, derived: Record<string, string>): string {
  try {
    plan(parameters, derived);
  } catch (e) {
    expect(e).toBeInstanceOf(SweepFileError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('derived parameters', () => {
  it('cabal.stake = 1 - honest.stake at every grid point, in the column order parameters then derived', () => {
    const p = plan({ 'honest.stake': [0.2, 0.7] }, { 'cabal.stake': '1 - honest.stake', 'cabal.twice': '2 * cabal.stake' });
    expect(p.columns).toEqual(['honest.stake', 'cabal.stake', 'cabal.twice']);
    expect(p.points).toEqual([
      [0.2, 1 - 0.2, 2 * (1 - 0.2)],
      [0.7, 1 - 0.7, 2 * (1 - 0.7)],
    ]);
  });

  it('may use mathjs functions and constants', () => {
    const p = plan({ x: [4] }, { y: 'sqrt(x) + max(x, 1) * pi' });
    expect(p.points[0][1]).toBe(Math.sqrt(4) + 4 * Math.PI);
  });

  it.each([
    [{ 'cabal.stake': '1 - honest.stak' }, `derived["cabal.stake"]: '1 - honest.stak' uses honest.stak, which is not a parameter`],
    [{ y: '1 +' }, `derived.y: '1 +' is not a valid expression`.replace('derived.y', 'derived["y"]')],
    [{ y: 'x = 3' }, `derived["y"]: 'x = 3' is an assignment`],
    [{ y: 'z + 1', z: 'x' }, `derived["y"]: 'z + 1' uses z, which is derived later`],
    [{ y: 'import({}, {})' }, `derived["y"]: 'import({}, {})' calls import, which is not an allowed mathjs function`],
    [{ y: 'honest + 1' }, `'honest + 1' uses honest, which is not a single parameter: name a full path such as honest.stake`],
    [{ y: 'nosuchfn(x)' }, `calls nosuchfn`],
  ])('refuses %j naming the expression', (derived, expected) => {
    expect(refusal({ x: [1], 'honest.stake': [0.5] }, derived)).toContain(expected);
  });

  it('a value that is not a finite number is refused naming the expression and the point', () => {
    const msg = refusal({ x: [0, 1, 2] }, { y: '1 / (x - 1)' });
    expect(msg).toContain(`derived["y"]: '1 / (x - 1)' gives Infinity at point 1 (x=1)`);
    expect(refusal({ x: [1] }, { y: '[x, x]' })).toContain('gives a DenseMatrix');
  });
});
