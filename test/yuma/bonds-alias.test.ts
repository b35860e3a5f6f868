/**
 * `out.bonds` may be the same array as `input.bonds` (docs/yuma.md: feed the bonds back in place).
 * The classic bonds pass writes each stored row while it still reads the old bonds of the same
 * row, so this checks, on random metagraphs in every variant, that an epoch run in place gives
 * bit for bit the outputs of the same epoch run into a separate array.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createYumaEpochResult,
  createYumaWorkspace,
  runYumaEpoch,
  YUMA_VARIANTS,
  type YumaEpochResult,
} from '../../src/yuma/index.ts';
import { EPOCH_FIELDS, firstDifference } from './results.ts';
import { randomMetagraph, shapeFields } from './metagraph.ts';

const FIELDS = [...EPOCH_FIELDS, 'bonds', 'bondsRowAction'] as const;

describe('bonds written in place', () => {
  it('out.bonds aliasing input.bonds gives the same epoch, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.record({ ...shapeFields(80, 30), allPermitsLost: fc.boolean() }),
        (shape) => {
          const m = randomMetagraph(shape);
          const { n, rows } = m.kernel;
          const separate = createYumaEpochResult(n, rows);
          separate.consensus.fill(NaN);
          runYumaEpoch(m.kernel, m.params, createYumaWorkspace(n, rows), separate);

          const inPlace = createYumaEpochResult(n, rows);
          inPlace.consensus.fill(NaN);
          inPlace.bonds.set(m.kernel.bonds);
          runYumaEpoch({ ...m.kernel, bonds: inPlace.bonds }, m.params, createYumaWorkspace(n, rows), inPlace);
          expect(firstDifference(separate, inPlace, FIELDS)).toBeUndefined();
        },
      ),
      { numRuns: 120 },
    );
  });
});
