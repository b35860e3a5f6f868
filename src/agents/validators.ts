/**
 * Validator behaviours: each writes one weight row per epoch into a caller-owned buffer and
 * allocates nothing while doing so.
 */
import { NORMAL_TABLE_SIZE, type Rng } from './rng.ts';
import { honestRunIntoU16 } from './rows.ts';
import type { SubnetView, ValidatorAgent } from './types.ts';

interface Base {
  id: string;
  netuid: number;
  uid: number;
  stakeRao: bigint;
  rng: Rng;
  /** The run's shared table of standard normals (normalTable). */
  normals: Float32Array;
}

/**
 * What one honest writer last wrote in one run of miners: the row (w, offset) of an n-uid matrix
 * with zeros before lo and from hi. Those zeros still stand at its next row when w, offset, lo, hi
 * and n are the same, because a row's cells are written only by the validator at that uid (its own
 * row, `collectWeights`), by `deregister-neuron` (zeros, and that validator is gone) and by copies
 * into a new matrix (`ownWeights`, `growSubnetState`: another array, so w differs); so the writer
 * skips them (the validators' columns, a quarter of a network-year row, are then not rewritten
 * each epoch). Any change of w, offset, lo, hi or n writes the whole row again.
 */
export interface RowMemo {
  w: Uint16Array | null;
  offset: number;
  lo: number;
  hi: number;
  n: number;
}

export function rowMemo(): RowMemo {
  return { w: null, offset: -1, lo: -1, hi: -1, n: -1 };
}

/** 2^52: adding then subtracting it rounds a float in [0, 2^51] to an integer, ties to even. */
const TWO52 = 4503599627370496;

/** The honest rows' float weights before they are stored as u16 (one row at a time, grown to the largest n seen). */
let rowScratch = new Float64Array(256);

function scratchFor(n: number): Float64Array {
  if (rowScratch.length < n) rowScratch = new Float64Array(n);
  return rowScratch;
}

/**
 * Writes x[lo..hi) as the chain stores a weight row: max-upscaled to u16, w[offset + j] =
 * round(x_j * (65535 / max)) with ties to even, where max = the largest x_j (the caller's, all
 * x_j in [0, max]). The SDK's convert_weights_and_uids_for_emit sends round(x_j / max * 65535)
 * and set_weights stores it through vec_u16_max_upscale_to_u16 (epoch/math.rs @ 14bc6f9f), the
 * identity on a row whose top is 65535; one multiply a weight here instead of a division (either
 * is a row the chain accepts as it is). The top weight is 65535: x * fl(65535 / max) <= 65535
 * (1 + 2^-52)^2 rounds to it. A row with max <= 0 (or NaN, or an infinite max: no finite scale)
 * is written as zeros, a row the chain's epoch leaves at 0 (inplace_row_normalize skips a zero sum).
 */
export function upscaleRowToU16(x: Float64Array, lo: number, hi: number, max: number, w: Uint16Array, offset: number): void {
  if (!(max > 0 && max < Infinity)) {
    w.fill(0, offset + lo, offset + hi);
    return;
  }
  const scale = 65535 / max;
  if (scale < Infinity) {
    for (let j = lo; j < hi; j++) w[offset + j] = x[j] * scale + TWO52 - TWO52;
    return;
  }
  // max below 65535 / 2^1024 (subnormal): the quotient first, as the SDK computes it.
  for (let j = lo; j < hi; j++) w[offset + j] = (x[j] / max) * 65535 + TWO52 - TWO52;
}

/**
 * Honest row's floats: x_j = max(0, q_j + noise * z_j) (+0 for x_j <= 0 or NaN) into xs[j] for
 * the miners j, where z_j are standard normals read from the shared table at
 * (start + (j + 1) * stride) mod size, start and odd stride drawn from the validator's stream for
 * each row; returns the largest x_j (0 when none is positive). Only the miners (view.minerUids)
 * read the table, and only their xs[j] are written. `writeHonestRow` computes a run of miners in
 * WebAssembly from the same two draws (the same floats); this is its other path and the
 * definition the tests hold that run to.
 */
export function honestRowFloats(view: SubnetView, noise: number, rng: Rng, normals: Float32Array, xs: Float64Array): number {
  const q = view.minerQuality;
  const miners = view.minerUids;
  const count = view.minerCount;
  const mask = NORMAL_TABLE_SIZE - 1;
  const start = Math.floor(rng() * NORMAL_TABLE_SIZE);
  const stride = 2 * Math.floor(rng() * (NORMAL_TABLE_SIZE / 2)) + 1;
  let max = 0;
  for (let i = 0; i < count; i++) {
    const j = miners[i];
    // imul wraps mod 2^32, which keeps the low 16 bits the mask reads for any n.
    const x = q[j] + noise * normals[(start + Math.imul(j + 1, stride)) & mask];
    const v = x > 0 ? x : 0;
    xs[j] = v;
    max = v > max ? v : max;
  }
  return max;
}

/**
 * Honest row: the floats of `honestRowFloats` on the miners, 0 elsewhere, stored as the chain
 * stores weights, max-upscaled to u16 (`upscaleRowToU16`). When the miners are one run of uids
 * lo..hi-1 the row is written once, left to right: zeros before lo, the run (computed in
 * WebAssembly, `honestRunIntoU16`: the same floats, the same u16), zeros from hi (the zeros
 * skipped when `memo` says they still stand); otherwise the row is zeroed and each miner's
 * weight written.
 */
export function writeHonestRow(
  view: SubnetView,
  noise: number,
  rng: Rng,
  normals: Float32Array,
  w: Uint16Array,
  offset: number,
  memo?: RowMemo,
): void {
  const n = view.n;
  const miners = view.minerUids;
  const count = view.minerCount;
  if (count > 0 && miners[count - 1] - miners[0] === count - 1) {
    const lo = miners[0];
    const hi = lo + count;
    const zerosStand = memo !== undefined && memo.w === w && memo.offset === offset && memo.lo === lo && memo.hi === hi && memo.n === n;
    if (!zerosStand) w.fill(0, offset, offset + lo);
    // The same two draws as honestRowFloats, the run in WebAssembly (rows.ts): the same row.
    const start = Math.floor(rng() * NORMAL_TABLE_SIZE);
    const stride = 2 * Math.floor(rng() * (NORMAL_TABLE_SIZE / 2)) + 1;
    honestRunIntoU16(view.minerQuality, view.minerStamp ?? Number.NaN, normals, noise, start, stride, lo, hi, w, offset);
    if (!zerosStand) w.fill(0, offset + hi, offset + n);
    if (memo !== undefined) {
      memo.w = w;
      memo.offset = offset;
      memo.lo = lo;
      memo.hi = hi;
      memo.n = n;
    }
    return;
  }
  if (memo !== undefined) memo.w = null;
  const xs = scratchFor(n);
  const max = honestRowFloats(view, noise, rng, normals, xs);
  w.fill(0, offset, offset + n);
  for (let i = 0; i < count; i++) {
    const j = miners[i];
    upscaleRowToU16(xs, j, j + 1, max, w, offset);
  }
}

/** Writes the uids j < n with isMiner[j] = 1, ascending, into `out`; returns how many. */
export function listMiners(isMiner: Uint8Array, n: number, out: Int32Array): number {
  let k = 0;
  for (let j = 0; j < n; j++) if (isMiner[j] !== 0) out[k++] = j;
  return k;
}

/**
 * Honest: a fresh noisy row every epoch. The closure holds the stream and the table itself
 * (not the `b` it came from: one object fewer to fetch per row, ~14 us per 64-row epoch).
 */
export function honestValidator(b: Base, noise: number): ValidatorAgent {
  const { rng, normals } = b;
  const memo = rowMemo();
  return {
    ...b,
    kind: 'honest-validator',
    writeWeights(view, w, offset) {
      writeHonestRow(view, noise, rng, normals, w, offset, memo);
      return true;
    },
  };
}

/** Cabal row: 1 on the miners of the validator's own cabal, 0 elsewhere (stored as u16: 65535 and 0). */
export function cabalValidator(b: Base, cabalIndex: number): ValidatorAgent {
  return {
    ...b,
    kind: 'cabal-validator',
    writeWeights(view, w, offset) {
      const n = view.n;
      const cab = view.cabalOf;
      const isMiner = view.isMiner;
      // weight 1 on each of them, max-upscaled: 65535 (upscaleRowToU16)
      for (let j = 0; j < n; j++) w[offset + j] = isMiner[j] !== 0 && cab[j] === cabalIndex ? 65535 : 0;
      return true;
    },
  };
}

/** Copier row: the last epoch's consensus, max-upscaled to u16; before the first epoch it sets nothing. */
export function weightCopier(b: Base, kind = 'weight-copier'): ValidatorAgent {
  return {
    ...b,
    kind,
    writeWeights(view, w, offset) {
      if (view.epochs === 0) return false;
      const n = view.n;
      const c = view.lastConsensus;
      let max = 0;
      for (let j = 0; j < n; j++) max = c[j] > max ? c[j] : max;
      upscaleRowToU16(c, 0, n, max, w, offset);
      return true;
    },
  };
}

/**
 * Lazy: honest weights, but set only every `everyEpochs` epochs (with a phase drawn from its
 * own stream so lazy validators do not all wake together); between, its old row stays.
 */
export function lazyValidator(b: Base, noise: number, everyEpochs: number, kind = 'lazy-validator'): ValidatorAgent {
  const phase = Math.floor(b.rng() * everyEpochs);
  const { rng, normals } = b;
  const memo = rowMemo();
  return {
    ...b,
    kind,
    writeWeights(view, w, offset) {
      if ((view.epochs + phase) % everyEpochs !== 0) return false;
      writeHonestRow(view, noise, rng, normals, w, offset, memo);
      return true;
    },
  };
}

export interface Mix {
  honest: number;
  copier: number;
  lazy: number;
}

/**
 * A member of a mixed population: its behaviour (honest, copier or lazy) is drawn once from
 * its own stream with probabilities proportional to `mix`; its kind names the behaviour
 * drawn (`validator-mix:honest`, ...), so trust by kind separates them.
 */
export function mixedValidator(b: Base, mix: Mix, noise: number, everyEpochs: number): ValidatorAgent {
  const total = mix.honest + mix.copier + mix.lazy;
  const u = b.rng() * total;
  if (u < mix.honest) return { ...honestValidator(b, noise), kind: 'validator-mix:honest' };
  if (u < mix.honest + mix.copier) return weightCopier(b, 'validator-mix:copier');
  return lazyValidator(b, noise, everyEpochs, 'validator-mix:lazy');
}
