/**
 * The row-major passes that take several rows at a time (passes.wasm `clipTrustRanks`,
 * `classicEma`, `maskedRowSums`, `divideRows`) against the same formulas written out here as one
 * plain loop per row, in row order, bit for bit. The column sums those passes keep (ranks, bond
 * sums, delta sums, the certification sums below and up to the guess) are sums over rows, so
 * their bits depend on the order the rows' terms are added: the data spans twelve orders of
 * magnitude so that another order shows. Row counts 1 to 19 and n from 1 to 23 cover blocks of
 * eight and four rows, the rows left over, and the last column of an odd n.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { S_PENALTY } from '../../src/yuma/passes.ts';
import { createYumaWorkspace } from '../../src/yuma/index.ts';
import { mulberry, sameBits } from './seeded.ts';

/** Non-negative values of every magnitude, some exactly 0. */
const value = (rng: () => number) => (rng() < 0.15 ? 0 : rng() * 10 ** Math.floor(rng() * 12 - 6));

/** Sums kept as the passes keep them per row: even columns in one chain, odd in another, the last column of an odd n added to the even chain, then the two added. */
function laneSum(terms: number[]): number {
  const n = terms.length;
  const even = n - (n & 1);
  let e = 0;
  let o = 0;
  for (let j = 0; j < even; j += 2) {
    e += terms[j];
    o += terms[j + 1];
  }
  if (even < n) e += terms[even];
  return e + o;
}

const shapes = fc.tuple(fc.integer({ min: 1, max: 19 }), fc.integer({ min: 1, max: 23 }), fc.integer({ min: 0, max: 2 ** 31 }));

describe('row-major passes over blocks of rows', () => {
  it('clipTrustRanks: trust, ranks, bond sums, delta sums and wb as row by row, for each penalty and with and without bonds', () => {
    fc.assert(
      fc.property(shapes, fc.constantFrom(0, 1, 0.37), fc.boolean(), ([rows, n, seed], penalty, withBonds) => {
        const rng = mulberry(seed);
        const ws = createYumaWorkspace(Math.max(n, rows), rows); // room for rows x n (a workspace has no more rows than uids)
        const wn = Array.from({ length: rows * n }, () => value(rng));
        const bonds = Array.from({ length: rows * n }, () => value(rng));
        const stake = Array.from({ length: rows }, () => value(rng));
        // Consensus values drawn from the weights too, so that ties c = w occur.
        const c = Array.from({ length: n }, (_, j) => (rng() < 0.3 ? wn[Math.floor(rng() * rows) * n + j] : value(rng)));
        const ranks0 = Array.from({ length: n }, () => value(rng));
        const delta0 = Array.from({ length: n }, () => value(rng));
        const bondSum0 = Array.from({ length: n }, () => value(rng));
        ws.weightsNorm.set(wn);
        ws.bondsIn.set(bonds);
        ws.rowStake.set(stake);
        ws.colConsensus.set(c);
        ws.colRanks.set(ranks0);
        ws.colA.set(delta0);
        ws.colB.set(bondSum0);
        ws.scalars[S_PENALTY] = penalty;
        ws.passes.clipTrustRanks(ws.weightsNorm.byteOffset, withBonds ? ws.bondsIn.byteOffset : 0, ws.rowStake.byteOffset,
          ws.colConsensus.byteOffset, ws.scalars.byteOffset, ws.rowTrust.byteOffset, ws.colRanks.byteOffset, ws.colA.byteOffset,
          ws.colB.byteOffset, ws.ema.byteOffset, rows, n);
        const ranks = ranks0.slice();
        const delta = delta0.slice();
        const bondSum = bondSum0.slice();
        const trust: number[] = [];
        const wb: number[] = [];
        for (let r = 0; r < rows; r++) {
          const k: number[] = [];
          for (let j = 0; j < n; j++) {
            const w = wn[r * n + j];
            const kj = c[j] < w ? c[j] : w;
            k.push(kj);
            ranks[j] = ranks[j] + stake[r] * kj;
            if (withBonds) bondSum[j] = bondSum[j] + bonds[r * n + j];
            wb.push(penalty === 1 ? kj : penalty === 0 ? w : w + penalty * (kj - w));
          }
          trust.push(laneSum(k));
          if (penalty !== 1) for (let j = 0; j < n; j++) delta[j] = delta[j] + wb[r * n + j] * stake[r];
        }
        return sameBits(ws.rowTrust, trust, rows) && sameBits(ws.colRanks, ranks, n) && sameBits(ws.colA, delta, n) && sameBits(ws.colB, bondSum, n) &&
          sameBits(ws.ema, wb, rows * n);
      }),
      { numRuns: 400 },
    );
  });

  it('classicEma: E, the dividends before normalization and the column maxima as row by row', () => {
    fc.assert(
      fc.property(shapes, ([rows, n, seed]) => {
        const rng = mulberry(seed);
        const ws = createYumaWorkspace(Math.max(n, rows), rows); // room for rows x n (a workspace has no more rows than uids)
        const wb = Array.from({ length: rows * n }, () => value(rng));
        const bonds = Array.from({ length: rows * n }, () => value(rng));
        const stake = Array.from({ length: rows }, () => value(rng));
        const deltaScale = Array.from({ length: n }, () => value(rng));
        const bondScale = Array.from({ length: n }, () => value(rng));
        const inc = Array.from({ length: n }, () => value(rng));
        const max0 = Array.from({ length: n }, () => (rng() < 0.5 ? 0 : value(rng)));
        ws.ema.set(wb);
        ws.bondsIn.set(bonds);
        ws.rowStake.set(stake);
        ws.colA.set(deltaScale);
        ws.colB.set(bondScale);
        ws.colC.set(inc);
        ws.colD.set(max0);
        for (let r = 0; r < rows; r++) ws.storeRow[r] = rng() < 0.7 ? 1 : 0;
        ws.passes.classicEma(ws.ema.byteOffset, ws.bondsIn.byteOffset, ws.rowStake.byteOffset, ws.colA.byteOffset, ws.colB.byteOffset,
          ws.colC.byteOffset, ws.storeRow.byteOffset, ws.colD.byteOffset, ws.rowDividend.byteOffset, ws.stored.byteOffset, rows, n);
        const max = max0.slice();
        const e: number[] = [];
        const dividend: number[] = [];
        for (let r = 0; r < rows; r++) {
          const terms: number[] = [];
          for (let j = 0; j < n; j++) {
            const x = wb[r * n + j] * stake[r] * deltaScale[j] + bonds[r * n + j] * bondScale[j];
            e.push(x);
            terms.push(x * inc[j]);
            max[j] = x > max[j] ? x : max[j];
          }
          dividend.push(laneSum(terms));
        }
        // Every row of E is written (the caller copies out only the flagged ones).
        return sameBits(ws.stored, e, rows * n) && sameBits(ws.rowDividend, dividend, rows) && sameBits(ws.colD, max, n);
      }),
      { numRuns: 400 },
    );
  });

  it('maskedRowSums then divideRows: the diagonal zeroed, the masked rows divided, and the guess sums as row by row', () => {
    fc.assert(
      fc.property(shapes, fc.boolean(), ([rows0, n, seed], fresh) => {
        const rng = mulberry(seed);
        // Rows: an ascending subset of the uids (the compact layout), at least one.
        const picked = Array.from({ length: n }, (_, i) => i).filter(() => rng() < rows0 / n);
        const rowUid = picked.length > 0 ? picked : [Math.floor(rng() * n)];
        const rows = rowUid.length;
        const ws = createYumaWorkspace(Math.max(n, rows), rows); // room for rows x n (a workspace has no more rows than uids)
        const w = Array.from({ length: rows * n }, () => value(rng));
        const reg = Array.from({ length: n }, () => Math.floor(rng() * 100));
        // Fresh: every last update after every registration (the pass skips the mask), else mixed.
        const lu = rowUid.map(() => (fresh ? 100 + Math.floor(rng() * 5) : Math.floor(rng() * 120)));
        // Mostly dividing, certifying rows (blocks of four go together), sometimes not.
        const kind = rowUid.map(() => (rng() < 0.9 ? 1 : 0));
        const certify = rowUid.map(() => (rng() < 0.85 ? 1 : 0));
        const stake = rowUid.map(() => value(rng));
        const guess = Array.from({ length: n }, () => (rng() < 0.1 ? 0 : value(rng) / 1e3));
        const below0 = Array.from({ length: n }, () => value(rng));
        const upto0 = Array.from({ length: n }, () => value(rng));
        ws.weightsNorm.set(w);
        ws.colRegisteredAt.set(reg);
        ws.colConsensus.set(guess);
        ws.medianBelow.set(below0);
        ws.medianUpto.set(upto0);
        rowUid.forEach((u, r) => {
          ws.rowUid[r] = u;
          ws.rowLastUpdate[r] = lu[r];
          ws.rowKind[r] = kind[r];
          ws.rowCertify[r] = certify[r];
          ws.rowParticipantStake[r] = stake[r];
        });
        ws.passes.maskedRowSums(ws.weightsNorm.byteOffset, rows, n, ws.rowUid.byteOffset, ws.rowLastUpdate.byteOffset,
          ws.colRegisteredAt.byteOffset, ws.rowSum.byteOffset);
        // The diagonal is +0 now and nothing else moved.
        const zeroed = w.slice();
        rowUid.forEach((u, r) => (zeroed[r * n + u] = 0));
        if (!sameBits(ws.weightsNorm, zeroed, rows * n)) return false;
        // The sums: each row's masked weights added in column order (inplace_row_normalize's sum).
        for (let r = 0; r < rows; r++) {
          let sum = 0;
          for (let j = 0; j < n; j++) if (j !== rowUid[r] && lu[r] > reg[j]) sum += w[r * n + j];
          if (!Object.is(ws.rowSum[r], sum)) return false;
        }
        const divisor = rowUid.map((_, r) => (ws.rowSum[r] > 0 ? ws.rowSum[r] : 1));
        ws.rowDivisor.set(divisor);
        ws.passes.divideRows(ws.weightsNorm.byteOffset, ws.weightsNorm.byteOffset, rows, n, ws.rowKind.byteOffset,
          ws.rowCertify.byteOffset, ws.rowDivisor.byteOffset, ws.rowParticipantStake.byteOffset, ws.rowLastUpdate.byteOffset,
          ws.colConsensus.byteOffset, ws.medianBelow.byteOffset, ws.medianUpto.byteOffset, ws.colRegisteredAt.byteOffset);
        const wn: number[] = [];
        const below = below0.slice();
        const upto = upto0.slice();
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < n; j++) {
            // The chain's masks: no permit (kind 0), the diagonal, weights set before j registered.
            const x = kind[r] === 0 || j === rowUid[r] || !(lu[r] > reg[j]) ? 0 : w[r * n + j];
            const v = kind[r] === 0 ? 0 : x / divisor[r];
            wn.push(v);
            if (certify[r] === 1) {
              below[j] = below[j] + stake[r] * (v < guess[j] ? 1 : 0);
              upto[j] = upto[j] + stake[r] * (v <= guess[j] ? 1 : 0);
            }
          }
        }
        return sameBits(ws.weightsNorm, wn, rows * n) && sameBits(ws.medianBelow, below, n) && sameBits(ws.medianUpto, upto, n);
      }),
      { numRuns: 400 },
    );
  });

  it('a block of rows added out of row order would show: the data tells the orders apart', () => {
    // The same four terms in two orders give different bits for this data's magnitudes, so the
    // comparisons above can fail on a block that adds its rows in another order.
    const rng = mulberry(7);
    let differ = 0;
    for (let t = 0; t < 200; t++) {
      const x = [value(rng), value(rng), value(rng), value(rng), value(rng)];
      if (!Object.is(x[0] + x[1] + x[2] + x[3] + x[4], x[0] + x[4] + x[3] + x[2] + x[1])) differ++;
    }
    expect(differ).toBeGreaterThan(20);
  });
});
