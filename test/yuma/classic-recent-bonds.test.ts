/**
 * Classic bonds with recently registered columns that still hold old bonds, at bonds penalty 1
 * (the default, the kernel's own inner loop), 0 and in between: the kernel's first pass sums the
 * bond columns unmasked and drops the recently registered columns' sums afterwards, so these
 * cases check that the dropped sums never reach the EMA, the dividends or the stored bonds.
 * Expected values: the naive reference (test/yuma/naive.ts, written from the chain's code), 1e-9.
 */
import { describe, expect, it } from 'vitest';
import {
  BONDS_SET,
  createYumaEpochResult,
  createYumaWorkspace,
  resolveYumaParams,
  runYumaEpoch,
} from '../../src/yuma/index.ts';
import { randomMetagraph } from './metagraph.ts';
import { naiveEpoch } from './naive.ts';

describe('classic bonds with recently registered columns holding bonds', () => {
  for (const penaltyU16 of [65535, 0, 20000]) {
    it(`match the naive reference at bonds penalty ${penaltyU16}/65535`, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const m = randomMetagraph({ n: 40, seed, density: 1, validators: 12, variant: 'classic', zeroStakeFraction: 0 });
        const overrides = {
          kappaU16: 32767,
          bondsPenaltyU16: penaltyU16,
          bondsMovingAverage: 900_000,
          activityCutoff: 1_000_000,
          maxAllowedValidators: 64,
          stakeThresholdRao: 0,
        };
        // Every third uid registered after the last epoch: recently registered on both sides.
        const recent = m.naive.lastEpochBlock + 1;
        let recentWithBonds = 0;
        for (let j = 0; j < 40; j += 3) {
          m.naive.blockAtRegistration[j] = recent;
          m.kernel.blockAtRegistration[j] = recent;
          if (m.naive.bonds.some((row) => row[j] !== 0)) recentWithBonds++;
        }
        expect(recentWithBonds).toBeGreaterThan(0); // the case under test is present
        const params = resolveYumaParams({ ...m.params, ...overrides });
        const ref = naiveEpoch(m.naive, { ...m.naiveParams, ...overrides });
        const ws = createYumaWorkspace(40, m.kernel.rows);
        const out = createYumaEpochResult(40, m.kernel.rows);
        runYumaEpoch(m.kernel, params, ws, out);
        let worst = 0;
        let setRows = 0;
        for (let i = 0; i < 40; i++) {
          worst = Math.max(worst, Math.abs(out.dividends[i] - ref.dividends[i]));
          worst = Math.max(worst, Math.abs(out.incentive[i] - ref.incentive[i]));
          worst = Math.max(worst, Math.abs(out.validatorTrust[i] - ref.validatorTrust[i]));
        }
        m.kernel.rowUid.forEach((u, r) => {
          const row = ref.bonds[u];
          if (!Array.isArray(row)) return;
          expect(out.bondsRowAction[r]).toBe(BONDS_SET);
          setRows++;
          for (let j = 0; j < 40; j++) worst = Math.max(worst, Math.abs(out.bonds[r * 40 + j] - row[j]));
        });
        expect(setRows).toBeGreaterThan(0);
        expect(worst).toBeLessThanOrEqual(1e-9);
      }
    });
  }
});
