import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SweepFileError, parseSweepObject, parseSweepYaml } from '../../src/sweep/index.ts';

const GOOD = {
  runner: 'emission',
  seed: 1,
  base: { schedule: 'chain' },
  parameters: { recycle_per_block: [0, 0.1] },
  metrics: ['first_halving_block'],
};

function refusal(raw: unknown): string {
  try {
    parseSweepObject(raw, 's.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SweepFileError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('sweep files', () => {
  it('a valid file parses with defaults filled and parameters in file order', () => {
    const s = parseSweepObject({ ...GOOD, parameters: { b: [1], a: { dist: 'normal', mean: 0, sd: 1 } }, samples: 2 });
    expect(s.replicates).toBe(1);
    expect(s.name).toBe('sweep');
    expect([...s.parameters.keys()]).toEqual(['b', 'a']);
  });

  it.each([
    [{ ...GOOD, runner: undefined }, 'runner: is required'],
    [{ ...GOOD, seed: undefined }, 'seed: is required'],
    [{ ...GOOD, seed: -1 }, 'seed:'],
    [{ ...GOOD, metrics: [] }, 'metrics: list at least one metric'],
    [{ ...GOOD, replicates: 0 }, 'replicates: must be at least 1'],
    [{ ...GOOD, replicates: 1.5 }, 'replicates: must be a whole number'],
    [{ ...GOOD, extra: 1 }, 'unknown field(s) extra'],
    [{ ...GOOD, parameters: { x: [] } }, 'parameters.x: a grid needs at least one value'],
    [{ ...GOOD, parameters: { x: 5 } }, 'parameters.x: give a list of values (a grid) or a draw'],
    [{ ...GOOD, parameters: { x: [{ a: 1 }] } }, 'parameters.x[0]: must be a number, a string or true/false'],
    [{ ...GOOD, parameters: { 'a.b': { dist: 'gauss' } }, samples: 2 }, 'parameters["a.b"].dist: dist must be one of uniform'],
    [{ ...GOOD, parameters: { x: { dist: 'uniform', min: 2, max: 1 } }, samples: 2 }, 'parameters.x.max: min must be below max'],
    [{ ...GOOD, parameters: { x: { dist: 'loguniform', min: 0, max: 1 } }, samples: 2 }, 'parameters.x.min: must be above 0'],
    [{ ...GOOD, parameters: { x: { dist: 'normal', mean: 0, sd: 0 } }, samples: 2 }, 'parameters.x.sd: must be above 0'],
    [{ ...GOOD, parameters: { x: { dist: 'integer', min: 0.5, max: 3 } }, samples: 2 }, 'parameters.x.min: must be a whole number'],
    [{ ...GOOD, parameters: { x: { dist: 'choice', values: [1, 2], weights: [1] } }, samples: 2 }, 'parameters.x.weights: give one weight per value'],
    [{ ...GOOD, parameters: { x: { dist: 'uniform', min: 0, max: 1, mode: 2 } }, samples: 2 }, 'unknown field(s) mode'],
    [{ ...GOOD, parameters: { x: { dist: 'uniform', min: 0, max: 1 } } }, 'samples: is required when a parameter is drawn (x)'],
    [{ ...GOOD, samples: 3 }, 'samples: no parameter is drawn'],
    [{ ...GOOD, parameters: { 'a..b': [1] } }, 'is not a dotted path'],
    [{ ...GOOD, parameters: { a: [1], 'a.b': [2] } }, 'a.b: lies inside a'],
    [{ ...GOOD, parameters: { seed: [1] } }, 'seed: is a reserved column name'],
    [{ ...GOOD, metrics: ['m', 'm'] }, "metrics[1]: 'm' is listed twice"],
    [{ ...GOOD, derived: { recycle_per_block: '1' } }, 'derived.recycle_per_block: is also a parameter'],
    [{ ...GOOD, derived: { x: 3 } }, 'derived.x: must be a mathjs expression in quotes'],
    [{ ...GOOD, base: 3 }, 'base: give a scenario file path or the base configuration as a mapping'],
    [[1, 2], 'the top level must be a mapping'],
  ])('refuses %j naming the field', (raw, expected) => {
    const msg = refusal(raw);
    expect(msg).toContain(expected);
    expect(msg.startsWith('s.yaml: ')).toBe(true);
  });

  it('YAML syntax errors and duplicate keys name the line', () => {
    expect(() => parseSweepYaml('runner: emission\nseed: [1,\n', 'x.yaml')).toThrow(/x\.yaml: YAML error/);
    expect(() => parseSweepYaml('runner: a\nrunner: b\n', 'x.yaml')).toThrow(/x\.yaml: YAML error at line 2/);
  });

  it('malformed input is refused with a SweepFileError, never a crash', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({
            runner: fc.anything(),
            seed: fc.anything(),
            base: fc.anything(),
            parameters: fc.dictionary(fc.string(), fc.anything()),
            derived: fc.anything(),
            metrics: fc.anything(),
            samples: fc.anything(),
          }, { requiredKeys: [] }),
        ),
        (raw) => {
          try {
            parseSweepObject(raw);
          } catch (e) {
            expect(e).toBeInstanceOf(SweepFileError);
          }
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseSweepYaml(text);
        } catch (e) {
          expect(e).toBeInstanceOf(SweepFileError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
