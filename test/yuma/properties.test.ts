/** Properties of one epoch (issue 4): relabelling, normalization, rao conservation, cabal resistance, bond range. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  YUMA_VARIANTS,
  createYumaEpochResult,
  createYumaWorkspace,
  runYumaEpoch,
  type YumaEpochInput,
  type YumaEpochResult,
  type YumaParams,
  type YumaWorkspace,
} from '../../src/yuma/index.ts';
import { randomMetagraph, type MetagraphShape } from './metagraph.ts';
import { paidRao } from '../../src/yuma/emission.ts';

function run(input: YumaEpochInput, params: YumaParams): { out: YumaEpochResult; ws: YumaWorkspace } {
  const ws = createYumaWorkspace(input.n, input.rows);
  const out = createYumaEpochResult(input.n, input.rows);
  runYumaEpoch(input, params, ws, out);
  return { out, ws };
}

const shapeArb: fc.Arbitrary<MetagraphShape> = fc.record({
  n: fc.integer({ min: 1, max: 80 }),
  seed: fc.integer(),
  density: fc.constantFrom(0.05, 0.3, 1),
  validators: fc.integer({ min: 0, max: 30 }),
  variant: fc.constantFrom(...YUMA_VARIANTS),
  zeroStakeFraction: fc.constantFrom(0, 0.1, 0.5, 1),
  allInactive: fc.boolean(),
  allPermitsLost: fc.boolean(),
  layout: fc.constantFrom('compact' as const, 'dense' as const),
  tiedWeights: fc.boolean(),
});

const total = (x: Float64Array) => x.reduce((s, v) => s + v, 0);

describe('epoch properties', () => {
  it('relabelling uids permutes every output the same way', () => {
    fc.assert(
      fc.property(
        shapeArb.map((s) => ({ ...s, tiedWeights: false, zeroStakeFraction: 0 })),
        fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
        (shape, keys) => {
          const m = randomMetagraph(shape);
          const k = m.kernel;
          const n = k.n;
          // Distinct stakes: the chain breaks stake ties by uid, which relabelling would change.
          for (let i = 0; i < n; i++) k.stakeRao[i] = 1e9 + i * 7919 + (keys[i] % 1000) * 1e6;
          const perm = [...Array(n).keys()].sort((a, b) => keys[a] - keys[b] || a - b); // new uid q holds old uid perm[q]
          const inv = new Int32Array(n);
          perm.forEach((old, q) => (inv[old] = q));
          const rowsNew = [...k.rowUid].map((u) => inv[u]).sort((a, b) => a - b);
          const rowOfNew = new Map(rowsNew.map((u, r) => [u, r]));
          const w = new Float64Array(k.rows * n);
          const b = new Float64Array(k.rows * n);
          k.rowUid.forEach((u, r) => {
            const r2 = rowOfNew.get(inv[u])!;
            for (let j = 0; j < n; j++) {
              w[r2 * n + inv[j]] = k.weights[r * n + j];
              b[r2 * n + inv[j]] = k.bonds[r * n + j];
            }
          });
          const relabelled: YumaEpochInput = {
            ...k,
            stakeRao: Float64Array.from(perm, (o) => k.stakeRao[o]),
            lastUpdate: Float64Array.from(perm, (o) => k.lastUpdate[o]),
            blockAtRegistration: Float64Array.from(perm, (o) => k.blockAtRegistration[o]),
            validatorPermit: Uint8Array.from(perm, (o) => k.validatorPermit[o]),
            rowUid: Int32Array.from(rowsNew),
            weights: w,
            bonds: b,
          };
          const a = run(k, m.params).out;
          const c = run(relabelled, m.params).out;
          for (let i = 0; i < n; i++) {
            const q = inv[i];
            expect(c.validatorPermit[q]).toBe(a.validatorPermit[i]);
            expect(c.active[q]).toBe(a.active[i]);
            for (const f of ['stake', 'consensus', 'validatorTrust', 'incentive', 'dividends', 'serverShare', 'validatorShare'] as const) {
              expect(Math.abs(c[f][q] - a[f][i])).toBeLessThanOrEqual(1e-9);
            }
          }
          k.rowUid.forEach((u, r) => {
            const r2 = rowOfNew.get(inv[u])!;
            expect(c.bondsRowAction[r2]).toBe(a.bondsRowAction[r]);
            for (let j = 0; j < n; j++) expect(Math.abs(c.bonds[r2 * n + inv[j]] - a.bonds[r * n + j])).toBeLessThanOrEqual(1e-9);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('incentive and dividends each sum to 1 or are all 0; bonds stay in [0, 1]', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const m = randomMetagraph(shape);
        const { out } = run(m.kernel, m.params);
        for (const x of [out.incentive, out.dividends]) {
          const s = total(x);
          if (x.some((v) => v !== 0)) expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-12);
          expect(x.every((v) => v >= 0)).toBe(true);
        }
        for (let x = 0; x < m.kernel.rows * m.kernel.n; x++) {
          expect(out.bonds[x]).toBeGreaterThanOrEqual(0);
          expect(out.bonds[x]).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('emissions sum to at most the epoch emission and lose at most n rao to truncation', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (shape, emission) => {
        const m = randomMetagraph(shape);
        m.kernel.emissionRao = emission;
        const { out } = run(m.kernel, m.params);
        const n = m.kernel.n;
        let paid = 0n;
        for (let i = 0; i < n; i++) {
          expect(Number.isInteger(out.serverEmissionRao[i]) && out.serverEmissionRao[i] >= 0).toBe(true);
          paid += BigInt(out.serverEmissionRao[i]) + BigInt(out.validatorEmissionRao[i]);
        }
        expect(paid <= BigInt(emission)).toBe(true);
        // When the shares sum to 1 (something is paid out), each truncated amount loses less than 1 rao:
        // the loss is below the number of non-zero amounts (n when each uid earns one kind, at most 2n).
        let amounts = 0;
        for (let i = 0; i < n; i++) amounts += (out.serverShare[i] > 0 ? 1 : 0) + (out.validatorShare[i] > 0 ? 1 : 0);
        if (total(out.serverShare) + total(out.validatorShare) > 0.5) {
          expect(BigInt(emission) - paid <= BigInt(amounts)).toBe(true);
          expect(BigInt(emission) - paid <= BigInt(2 * n)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a cabal holding less than kappa of active stake cannot lift consensus above the honest maximum weight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 16384, max: 65535 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.integer(),
        (honest, cabal, miners, kappaU16, cabalShare, seed) => {
          const n = honest + cabal + miners;
          const kappa = kappaU16 / 65535;
          const cabalStake = cabalShare * kappa * 0.999; // strictly below kappa of the active stake
          const m = randomMetagraph({ n, seed, density: 1, validators: 0, variant: 'classic' });
          const k = m.kernel;
          const v = honest + cabal;
          for (let i = 0; i < n; i++) {
            k.stakeRao[i] = i < honest ? (1 - cabalStake) / honest : i < v ? cabalStake / cabal : 0;
            k.stakeRao[i] *= 1e12;
            k.validatorPermit[i] = i < v ? 1 : 0;
            k.lastUpdate[i] = k.block;
            k.blockAtRegistration[i] = 0;
          }
          const rows = v;
          const w = new Float64Array(rows * n);
          const rng = (x: number) => ((Math.sin(seed + x) * 10000) % 1 + 1) % 1;
          for (let r = 0; r < rows; r++) {
            for (let j = v; j < n; j++) w[r * n + j] = r < honest ? Math.floor(rng(r * 997 + j) * 65535) : r === honest ? 65535 : 1;
          }
          // The cabal puts all its weight on miner v (the first miner).
          for (let r = honest; r < rows; r++) for (let j = v; j < n; j++) w[r * n + j] = j === v ? 65535 : 0;
          const input: YumaEpochInput = { ...k, rows, rowUid: Int32Array.from({ length: rows }, (_, i) => i), weights: w, bonds: new Float64Array(rows * n) };
          const params = { ...m.params, kappaU16, maxAllowedValidators: 64, activityCutoff: 5000, stakeThresholdRao: 0 };
          const { out, ws } = run(input, params);
          for (let j = 0; j < n; j++) {
            let honestMax = 0;
            for (let r = 0; r < honest; r++) honestMax = Math.max(honestMax, ws.weightsNorm[r * n + j]);
            expect(out.consensus[j]).toBeLessThanOrEqual(honestMax);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('truncation never overpays', () => {
  it('shares whose float sum rounds above 1 pay at most the emission (found: 0.5825422067344818 + 0.41745779326551835)', () => {
    // By hand: floor(0.5825422067344818 * E) + floor(0.41745779326551835 * E) = E + 1 for this E.
    const E = 5_853_332_849_801_217;
    expect(Math.floor(0.5825422067344818 * E) + Math.floor(0.41745779326551835 * E)).toBe(E + 1);
    const server = new Float64Array(2);
    const validator = new Float64Array(2);
    paidRao({ emissionRao: E }, Float64Array.of(0.5825422067344818, 0), Float64Array.of(0, 0.41745779326551835), 2, server, validator);
    expect(server[0] + validator[1]).toBe(E);
    // the excess came off the largest amount
    expect(server[0]).toBe(Math.floor(0.5825422067344818 * E) - 1);
  });

  it('over random share vectors, the paid total is at most the emission and short of it by under 2n rao', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (raw, E) => {
          const n = raw.length;
          const sum = raw.reduce((a, b) => a + b, 0);
          fc.pre(sum > 0);
          const share = Float64Array.from(raw.map((x) => x / sum));
          const server = new Float64Array(n);
          const validator = new Float64Array(n);
          paidRao({ emissionRao: E }, share, new Float64Array(n), n, server, validator);
          const paid = server.reduce((a, b) => a + b, 0);
          expect(paid).toBeLessThanOrEqual(E);
          expect(E - paid).toBeLessThan(2 * n + 2);
          for (const v of server) expect(v).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
