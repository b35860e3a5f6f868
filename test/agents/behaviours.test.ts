import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cabalValidator,
  honestValidator,
  listMiners,
  NORMAL_TABLE_SIZE,
  writeHonestRow,
  honestRowFloats,
  upscaleRowToU16,
  rowMemo,
  lazyValidator,
  mixedValidator,
  momentumTrader,
  normalTable,
  passiveStaker,
  streamRng,
  weightCopier,
  whale,
  yieldChaser,
  type MarketView,
  type Operations,
  type SubnetView,
} from '../../src/agents/index.ts';

function view(over: Partial<SubnetView> = {}): SubnetView {
  // uids 0,1 validators; 2,3,4 miners; uid 4 in cabal 0
  const v = {
    netuid: 1,
    n: 5,
    epochs: 0,
    isMiner: Uint8Array.from([0, 0, 1, 1, 1]),
    minerQuality: Float64Array.from([0, 0, 0.2, 0.5, 0.9]),
    cabalOf: Int32Array.from([-1, 0, -1, -1, 0]),
    lastConsensus: Float64Array.from([0, 0, 0.1, 0.3, 0.6]),
    ...over,
  };
  const minerUids = new Int32Array(v.n);
  const minerCount = listMiners(v.isMiner, v.n, minerUids);
  return { ...v, minerUids, minerCount, ...over };
}
const NORMALS = normalTable(1);
const base = (id = 'v') => ({ id, netuid: 1, uid: 0, stakeRao: 1n, rng: streamRng(1, id), normals: NORMALS });

describe('validators write rows into the caller’s buffer', () => {
  it('honest without noise writes the true quality of miners at the offset, max-upscaled to u16', () => {
    const w = new Uint16Array(12).fill(7);
    expect(honestValidator(base(), 0).writeWeights(view(), w, 5)).toBe(true);
    // 0.2 / 0.9 * 65535 = 14563.33, 0.5 / 0.9 * 65535 = 36408.33, the top 65535
    expect(Array.from(w)).toEqual([7, 7, 7, 7, 7, 0, 0, 14563, 36408, 65535, 7, 7]);
  });
  it('honest with noise stays non-negative and near the quality', () => {
    const w = new Uint16Array(5);
    honestValidator(base(), 0.01).writeWeights(view(), w, 0);
    expect(w[0]).toBe(0);
    expect(w[4]).toBe(65535); // 0.9 stays the top under noise 0.01
    expect(Math.abs(w[3] / 65535 - 0.5 / 0.9)).toBeLessThan(0.05);
  });
  it('upscaleRowToU16 stores round(x * 65535 / max), ties to even, the top at 65535, zeros for no positive max', () => {
    const w = new Uint16Array(6).fill(7);
    // 0.25 * 65535 = 16383.75 -> 16384; 0.5 * 65535 = 32767.5, a tie -> 32768 (even)
    upscaleRowToU16(Float64Array.from([0, 0.25, 0.5, 1]), 0, 4, 1, w, 1);
    expect(Array.from(w)).toEqual([7, 0, 16384, 32768, 65535, 7]);
    // max 65535: scale 1, ties 2.5 -> 2 and 3.5 -> 4 (to even, not up)
    upscaleRowToU16(Float64Array.from([2.5, 3.5, 65535, 0.49]), 0, 4, 65535, w, 0);
    expect(Array.from(w.subarray(0, 4))).toEqual([2, 4, 65535, 0]);
    // only [lo, hi) is written
    w.fill(7);
    upscaleRowToU16(Float64Array.from([1, 2, 4, 8]), 1, 3, 4, w, 2);
    expect(Array.from(w)).toEqual([7, 7, 7, 32768, 65535, 7]);
    // no positive (or no finite) max: zeros
    for (const max of [0, -1, Number.NaN, Infinity]) {
      w.fill(7);
      upscaleRowToU16(Float64Array.from([0, 0, 0]), 0, 3, max, w, 0);
      expect(Array.from(w)).toEqual([0, 0, 0, 7, 7, 7]);
    }
    // a subnormal max (65535 / max overflows): the quotient first; 5e-324 / 1e-323 = 0.5 -> 32768
    upscaleRowToU16(Float64Array.from([5e-324, 1e-323]), 0, 2, 1e-323, w, 0);
    expect(Array.from(w.subarray(0, 2))).toEqual([32768, 65535]);
  });
  it('honest noise over many rows has mean 0 and sd `noise`, and differs between rows', () => {
    // one miner of quality 10 (so nothing is floored at 0), 4000 rows
    const v = view({ n: 1, isMiner: Uint8Array.from([1]), minerQuality: Float64Array.from([10]), cabalOf: Int32Array.from([-1]) });
    const rng = streamRng(1, 'noisy');
    const w = new Float64Array(1);
    const xs: number[] = [];
    for (let k = 0; k < 4000; k++) {
      expect(honestRowFloats(v, 0.5, rng, NORMALS, w)).toBe(w[0]);
      xs.push(w[0] - 10);
    }
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    // se of the mean 0.5 / sqrt(4000) = 0.0079; sd of the sd ~ 0.5 / sqrt(8000) = 0.0056
    expect(Math.abs(mean)).toBeLessThan(4 * 0.0079);
    expect(Math.abs(sd - 0.5)).toBeLessThan(4 * 0.0056);
    // 4000 reads from 65536 table entries: expected distinct 65536 (1 - e^(-4000/65536)) = 3881
    expect(new Set(xs).size).toBeGreaterThan(3800);
  });
  /**
   * The definition uid by uid, from the same two draws, against the floats and against the row as
   * written. The u16 row is checked
   * against round-to-nearest of x * (65535 / max) computed with Math.round (ties to even by hand).
   */
  function expectHonestRow(uids: { miner: boolean; q: number }[], noise: number, seed: number, pad: number): void {
    const n = uids.length;
    const v = view({
      n,
      isMiner: Uint8Array.from(uids, (u) => (u.miner ? 1 : 0)),
      minerQuality: Float64Array.from(uids, (u) => u.q),
      cabalOf: new Int32Array(n).fill(-1),
      lastConsensus: new Float64Array(n),
    });
    const draws = streamRng(seed, 'row');
    const start = Math.floor(draws() * NORMAL_TABLE_SIZE);
    const stride = 2 * Math.floor(draws() * (NORMAL_TABLE_SIZE / 2)) + 1;
    const want = new Float64Array(n);
    let at = start;
    let max = 0;
    for (let j = 0; j < n; j++) {
      at = (at + stride) % NORMAL_TABLE_SIZE;
      const x = uids[j].q + noise * NORMALS[at];
      want[j] = uids[j].miner && x > 0 ? x : 0;
      if (want[j] > max) max = want[j];
    }
    const xs = new Float64Array(n).fill(7);
    expect(honestRowFloats(v, noise, streamRng(seed, 'row'), NORMALS, xs)).toBe(max);
    // Object.is per number on the miners: a -0 where the definition has +0 fails; others untouched
    for (let j = 0; j < n; j++) expect(Object.is(xs[j], uids[j].miner ? want[j] : 7)).toBe(true);
    const w = new Uint16Array(n + 2 * pad).fill(7);
    writeHonestRow(v, noise, streamRng(seed, 'row'), NORMALS, w, pad);
    const scale = 65535 / max;
    const u16 = (x: number) => {
      if (!(max > 0 && max < Infinity)) return 0;
      const y = scale < Infinity ? x * scale : (x / max) * 65535;
      const r = Math.round(y);
      return r - y === 0.5 && r % 2 === 1 ? r - 1 : r;
    };
    const row = [...new Array(pad).fill(7), ...Array.from(want, u16), ...new Array(pad).fill(7)];
    expect(Array.from(w)).toEqual(row);
  }
  it('an honest writer skips the zeros of its last row only where they still stand', () => {
    // A run of miners 3..8 among 12 uids. The same writer, with a memo, against one without, each
    // row a fresh draw: the same matrices after every row. Then each part of the memo's key
    // changed in turn (another array, another offset, another run of miners, another n) with 7s
    // where the zeros belong: the writer must write those zeros (a memo that ignored any part of
    // its key leaves 7s).
    const n = 12;
    const run = (lo: number, hi: number, size = n) =>
      view({
        n: size,
        isMiner: Uint8Array.from({ length: size }, (_, j) => (j >= lo && j < hi ? 1 : 0)),
        minerQuality: Float64Array.from({ length: size }, (_, j) => 0.1 + j / 20),
        cabalOf: new Int32Array(size).fill(-1),
        lastConsensus: new Float64Array(size),
      });
    const memo = rowMemo();
    const withMemo = new Uint16Array(3 * n);
    const without = new Uint16Array(3 * n);
    const a = streamRng(3, 'memo');
    const b = streamRng(3, 'memo');
    const v = run(3, 9);
    for (let k = 0; k < 20; k++) {
      writeHonestRow(v, 0.3, a, NORMALS, withMemo, n, memo);
      writeHonestRow(v, 0.3, b, NORMALS, without, n);
      expect(Array.from(withMemo)).toEqual(Array.from(without));
    }
    const zerosOutside = (w: Uint16Array, offset: number, lo: number, hi: number, size: number) => {
      for (let j = 0; j < size; j++) if (j < lo || j >= hi) expect(w[offset + j]).toBe(0);
    };
    withMemo.fill(7);
    writeHonestRow(v, 0.3, a, NORMALS, withMemo, 2 * n, memo);
    zerosOutside(withMemo, 2 * n, 3, 9, n);
    const other = new Uint16Array(3 * n).fill(7);
    writeHonestRow(v, 0.3, a, NORMALS, other, 2 * n, memo);
    zerosOutside(other, 2 * n, 3, 9, n);
    writeHonestRow(v, 0.3, a, NORMALS, withMemo, 2 * n, memo);
    withMemo.fill(7, 2 * n, 2 * n + 2);
    writeHonestRow(run(2, 9), 0.3, a, NORMALS, withMemo, 2 * n, memo);
    zerosOutside(withMemo, 2 * n, 2, 9, n);
    withMemo.fill(7, 2 * n + 9, 3 * n);
    writeHonestRow(run(2, 8), 0.3, a, NORMALS, withMemo, 2 * n, memo);
    zerosOutside(withMemo, 2 * n, 2, 8, n);
    const grown = new Uint16Array(2 * (n + 2)).fill(7);
    writeHonestRow(run(2, 8, n + 2), 0.3, a, NORMALS, grown, 0, memo);
    zerosOutside(grown, 0, 2, 8, n + 2);
    writeHonestRow(run(2, 8, n + 2), 0.3, a, NORMALS, grown, 0, memo);
    grown.fill(7, 8, n + 1);
    writeHonestRow(run(2, 8, n + 1), 0.3, a, NORMALS, grown, 0, memo);
    zerosOutside(grown, 0, 2, 8, n + 1);
  });
  const uid = fc.record({ miner: fc.boolean(), q: fc.double({ min: -1, max: 2, noNaN: true }) });
  it('an honest row is max(0, q_j + noise * z_j) on miners, z_j read at (start + (j + 1) * stride) mod size, 0 elsewhere', () => {
    fc.assert(
      fc.property(fc.array(uid, { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 3, noNaN: true }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 3 }), expectHonestRow),
      { numRuns: 60 },
    );
  });
  it('an honest row whose miners are one run of uids (validators first, as scenarios number them) follows the same definition', () => {
    // k non-miners, m >= 1 miners, then r non-miners: the run lo..hi-1 written in one pass.
    const run = fc
      .tuple(fc.array(uid, { maxLength: 40 }), fc.array(uid, { minLength: 1, maxLength: 260 }), fc.array(uid, { maxLength: 10 }))
      .map(([a, b, c]) => [...a.map((u) => ({ ...u, miner: false })), ...b.map((u) => ({ ...u, miner: true })), ...c.map((u) => ({ ...u, miner: false }))]);
    fc.assert(fc.property(run, fc.double({ min: 0, max: 3, noNaN: true }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 3 }), expectHonestRow), { numRuns: 60 });
  });
  it('rows with overflowing values keep the definition: an infinite weight leaves no finite scale, so the row is zeros', () => {
    // q near 2^1023: q + noise * z can round to Infinity (then max is Infinity: a zero row)
    const big = [{ miner: false, q: 0 }, ...[1.7e308, -1.7e308, 1e308, 3, -2].map((q) => ({ miner: true, q }))];
    for (const seed of [1, 2, 3]) expectHonestRow(big, 0.5, seed, 1);
    // huge noise: noise * z overflows past 2^1024 on some entries
    const plain = [0.1, 0.5, -0.3, 0.9].map((q) => ({ miner: true, q }));
    for (const seed of [4, 5]) expectHonestRow(plain, 1e308, seed, 0);
  });
  it('cabal weights only its own cabal’s miners (weight 1 each: 65535 as u16)', () => {
    const w = new Uint16Array(5);
    cabalValidator(base(), 0).writeWeights(view(), w, 0);
    expect(Array.from(w)).toEqual([0, 0, 0, 0, 65535]);
  });
  it('copier copies the last consensus, max-upscaled to u16, and sets nothing before the first epoch', () => {
    const w = new Uint16Array(5).fill(7);
    const c = weightCopier(base());
    const lastConsensus = Float64Array.from([0, 0, 0.2, 0.3, 0.8]);
    expect(c.writeWeights(view({ lastConsensus }), w, 0)).toBe(false);
    expect(Array.from(w)).toEqual([7, 7, 7, 7, 7]);
    expect(c.writeWeights(view({ epochs: 3, lastConsensus }), w, 0)).toBe(true);
    // 0.2 / 0.8 * 65535 = 16383.75, 0.3 / 0.8 * 65535 = 24575.625
    expect(Array.from(w)).toEqual([0, 0, 16384, 24576, 65535]);
    // a consensus of all zeros: a zero row
    expect(c.writeWeights(view({ epochs: 4, lastConsensus: new Float64Array(5) }), w, 0)).toBe(true);
    expect(Array.from(w)).toEqual([0, 0, 0, 0, 0]);
  });
  it('lazy sets weights once every K epochs', () => {
    const lazy = lazyValidator(base('lazy'), 0, 4);
    const w = new Uint16Array(5);
    const set = [0, 1, 2, 3, 4, 5, 6, 7].map((e) => lazy.writeWeights(view({ epochs: e }), w, 0));
    expect(set.filter(Boolean)).toHaveLength(2);
    expect(set.indexOf(true) + 4).toBe(set.lastIndexOf(true));
  });
  it('a mix draws its behaviour from its own stream in proportion', () => {
    const kinds = Array.from({ length: 2000 }, (_, i) => mixedValidator(base(`m${i}`), { honest: 3, copier: 1, lazy: 0 }, 0, 5).kind);
    const honest = kinds.filter((k) => k === 'validator-mix:honest').length;
    expect(kinds.includes('validator-mix:lazy')).toBe(false);
    // binomial(2000, 0.75): sd 19.4
    expect(Math.abs(honest - 1500)).toBeLessThan(4 * 19.4);
  });
});

function recordingOps(): Operations & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    stake: (a, n, x) => void log.push(`stake ${a} ${n} ${x}`),
    unstake: (a, n, x) => void log.push(`unstake ${a} ${n} ${x}`),
    moveStake: (a, f, t, x) => void log.push(`move ${a} ${f}->${t} ${x}`),
  };
}

function market(
  block: number,
  yields: Record<number, number>,
  prices: Record<number, [number, number]> = {},
  held: Record<number, bigint> = {},
): MarketView {
  return {
    block,
    netuids: [1, 2, 3],
    priceTao: (n) => prices[n]?.[1] ?? NaN,
    priceTaoAgo: (n) => prices[n]?.[0] ?? NaN,
    yieldPerEpoch: (n) => yields[n] ?? NaN,
    heldAlpha: (_a, n) => held[n] ?? 0n,
  };
}

describe('stakers act only through operations', () => {
  const b = (id: string) => ({ id, rng: streamRng(1, id), firstBlock: 0 });
  it('passive splits its stake exactly and stops', () => {
    const ops = recordingOps();
    expect(passiveStaker(b('p'), 10n, null).act(market(0, {}), ops)).toBe(Infinity);
    expect(ops.log).toEqual(['stake p 1 4', 'stake p 2 3', 'stake p 3 3']);
  });
  it('yield chaser stakes on the best yield and moves only for a large enough gain', () => {
    const ops = recordingOps();
    const y = yieldChaser(b('y'), 100n, null, 50, 0.1);
    expect(y.act(market(10, { 1: 0.01, 2: 0.02 }), ops)).toBe(60);
    y.act(market(60, { 1: 0.021, 2: 0.02 }), ops); // 5% better: stays
    // 50% better: moves the alpha it holds (100 TAO bought 250 alpha at 0.4), not 100
    y.act(market(110, { 1: 0.03, 2: 0.02 }, {}, { 2: 250n }), ops);
    expect(ops.log).toEqual(['stake y 2 100', 'move y 2->1 250']);
  });
  it('momentum buys a rise and sells its position on a fall', () => {
    const ops = recordingOps();
    const m = momentumTrader(b('m'), 5n, [1], 10, 100, 0.05);
    m.act(market(0, {}, { 1: [1, 1.1] }), ops);
    m.act(market(10, {}, { 1: [1.1, 1.12] }), ops);
    // the fall: it sells the alpha it holds there (5 TAO at 1.1 bought 4 alpha)
    m.act(market(20, {}, { 1: [1.2, 1.0] }, { 1: 4n }), ops);
    // a further fall with nothing held: no operation
    m.act(market(30, {}, { 1: [1.0, 0.8] }), ops);
    expect(ops.log).toEqual(['stake m 1 5', 'unstake m 1 4']);
  });
  it('whale acts once', () => {
    const ops = recordingOps();
    expect(whale(b('w'), 9n, 2, 'unstake').act(market(5, {}), ops)).toBe(Infinity);
    expect(ops.log).toEqual(['unstake w 2 9']);
  });
});
