/**
 * The random graph of the chain's consensus-guarantee study (`split_graph` in
 * pallets/subtensor/src/tests/consensus.rs, subtensor 14bc6f9f): a major (honest) and a minor
 * (cabal) set of validators and servers, validator stake and per-side weight profiles.
 *
 * Layout (the chain's blockwise interleave): validators are uids 0..V-1, servers V..n-1; the first
 * `majorValidators` validators and the first `majorServers` servers form the major set.
 *
 * The draws depend only on the set sizes and the rng, never on (W_H, W_C): the chain seeds its
 * StdRng with 0 inside split_graph, so every grid point of one major stake sees the same draws
 * and only the side weights rescale them. We sample once per (major stake, replicate) and build
 * each grid point's weights from the stored profiles (`weightRowsU16`).
 */
import type { Uniform } from '../sweep/index.ts';

export const U16_MAX = 65535;
const TWO_POW_32 = 4294967296;
/** The epsilon the chain adds to each uniform before Box-Muller (`normal`). */
const BOX_MULLER_EPS = 0.000001;

/** Sizes and membership of one study graph. */
export interface StudyGraph {
  /** Number of uids. */
  readonly n: number;
  /** Validators: uids 0..validators-1. */
  readonly validators: number;
  /** Servers: uids validators..n-1. */
  readonly servers: number;
  /** Major validators: uids 0..majorValidators-1. */
  readonly majorValidators: number;
  /** Major servers: uids validators..validators+majorServers-1. */
  readonly majorServers: number;
}

/** One sample of the study's random inputs for a graph. */
export interface StudyDraws {
  readonly graph: StudyGraph;
  /** Per uid: stake in rao as the chain stores it (floor of share x 21e15); servers 0. */
  readonly stakeRao: Float64Array;
  /** Per validator: its stake share of the whole (sums to 1), as `stake_fixed` for avg_weight_dev. */
  readonly stakeShare: Float64Array;
  /** validators x majorServers: each validator's normalized clamped profile over the major servers. */
  readonly majorProfile: Float64Array;
  /** validators x minorServers: each validator's normalized clamped profile over the minor servers. */
  readonly minorProfile: Float64Array;
}

/** Total stake of the study: 21e15 rao (the chain's `total_stake`). */
export const STUDY_TOTAL_STAKE_RAO = 21_000_000_000_000_000;

/** A float as I32F32 (`I32F32::from_num`, round to nearest), as an integer count of 2^-32. */
function toI32F32Bits(x: number): number {
  return Math.round(x * TWO_POW_32);
}

/**
 * `non_extreme_fixed_ratio`: floor(ratio x total) in I32F32 (ratio rounded to 2^-32 first),
 * moved off 0 and total so each set keeps at least one member. total 0 gives 0.
 */
export function nonExtremeFixedRatio(ratio: number, total: number): number {
  if (total === 0) return 0;
  // bits <= 2^32 and total <= 2^16: the product is exact in a double.
  let subset = Math.floor((toI32F32Bits(ratio) * total) / TWO_POW_32);
  if (subset === 0) subset = 1;
  else if (subset === total) subset = total - 1;
  return subset;
}

/** The graph of one major stake: set sizes from `nonExtremeFixedRatio`, blockwise layout. */
export function studyGraph(majorStake: number, validators: number, n: number): StudyGraph {
  if (!(validators >= 2 && n - validators >= 2)) throw new RangeError('STUDY_GRAPH_TOO_SMALL');
  const servers = n - validators;
  return {
    n,
    validators,
    servers,
    majorValidators: nonExtremeFixedRatio(majorStake, validators),
    majorServers: nonExtremeFixedRatio(majorStake, servers),
  };
}

/** The chain's `Uniform::new(0, u16::MAX)` draw: a whole number in 0..65534, as k / 65535. */
function uniformU16Proportion(rng: Uniform): number {
  return Math.floor(rng() * U16_MAX) / U16_MAX;
}

/**
 * `normal(size)`: 2 x size u16 uniforms drawn first, then out[i] = sqrt(-2 ln(u[i] + eps)) x
 * cos(2 pi (u[i + size] + eps)), as the chain pairs them. `scratch` holds the uniforms (>= 2 size).
 */
export function sampleStandardNormals(rng: Uniform, size: number, scratch: Float64Array, out: Float64Array): Float64Array {
  for (let k = 0; k < 2 * size; k++) scratch[k] = uniformU16Proportion(rng);
  for (let i = 0; i < size; i++) {
    const u1 = scratch[i] + BOX_MULLER_EPS;
    const u2 = scratch[i + size] + BOX_MULLER_EPS;
    out[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return out;
}

/**
 * x_i = max(0, 1 + sd z_i) for z ~ N(0, 1), then normalized to sum 1 (left at 0 when every
 * value clamps to 0, as `inplace_normalize` does). Writes out[offset .. offset + size).
 */
export function sampleClampedProfile(
  rng: Uniform, size: number, sd: number, scratch: Float64Array, z: Float64Array, out: Float64Array, offset: number,
): void {
  sampleStandardNormals(rng, size, scratch, z);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const v = sd * z[i] + 1;
    const c = v < 0 ? 0 : v;
    out[offset + i] = c;
    sum += c;
  }
  if (sum === 0) return;
  for (let i = 0; i < size; i++) out[offset + i] /= sum;
}

/**
 * One sample of the study's inputs, in the chain's draw order: major validators' stake, minor
 * validators' stake, then per validator (major first, in uid order) its profile over the major
 * servers and then over the minor servers. Stake is normal(1, stakeSd) clamped at 0, normalized
 * within each set and scaled to the set's share (majorStake, 1 - majorStake).
 */
export function sampleStudyDraws(graph: StudyGraph, majorStake: number, stakeSd: number, weightSd: number, rng: Uniform): StudyDraws {
  const { n, validators: V, servers: S, majorValidators: mv, majorServers: ms } = graph;
  const size = Math.max(V, S);
  const scratch = new Float64Array(2 * size);
  const z = new Float64Array(size);
  const profile = new Float64Array(size);
  const stakeRao = new Float64Array(n);
  const stakeShare = new Float64Array(V);
  const sets: readonly [number, number, number][] = [[0, mv, majorStake], [mv, V, 1 - majorStake]];
  for (const [from, to, ratio] of sets) {
    sampleClampedProfile(rng, to - from, stakeSd, scratch, z, profile, 0);
    for (let i = from; i < to; i++) {
      const share = ratio * profile[i - from];
      stakeRao[i] = Math.floor(share * STUDY_TOTAL_STAKE_RAO);
      stakeShare[i] = share;
    }
  }
  let total = 0;
  for (let i = 0; i < V; i++) total += stakeShare[i];
  if (total > 0) for (let i = 0; i < V; i++) stakeShare[i] /= total;

  const majorProfile = new Float64Array(V * ms);
  const minorProfile = new Float64Array(V * (S - ms));
  for (let i = 0; i < V; i++) {
    sampleClampedProfile(rng, ms, weightSd, scratch, z, majorProfile, i * ms);
    sampleClampedProfile(rng, S - ms, weightSd, scratch, z, minorProfile, i * (S - ms));
  }
  return { graph, stakeRao, stakeShare, majorProfile, minorProfile };
}

/**
 * The weights each validator sets at one grid point, as the chain stores them: the u16 the test
 * passes (`fixed_proportion_to_u16(side x profile)`, floor) max-upscaled by `set_weights`
 * (`vec_u16_max_upscale_to_u16`: round(w x (65535 / max)) when max > 32768, else
 * round(w x 65535 / max)). A major validator puts majorWeight on
 * the major servers and 1 - majorWeight on the minor ones; a minor validator puts minorWeight on
 * the minor servers and 1 - minorWeight on the major ones. Writes the compact rows
 * `out[i * n + j]` (validator i, uid j; validator columns stay 0). Also writes the same weights
 * before u16 (`weights_fixed`, row-normalized) into `outFixed` when given.
 */
export function weightRowsU16(
  draws: StudyDraws, majorWeight: number, minorWeight: number, out: Float64Array, outFixed?: Float64Array,
): void {
  const { n, validators: V, servers: S, majorValidators: mv, majorServers: ms } = draws.graph;
  const ns = S - ms;
  const { majorProfile, minorProfile } = draws;
  for (let i = 0; i < V; i++) {
    const onMajor = i < mv ? majorWeight : 1 - minorWeight;
    const onMinor = i < mv ? 1 - majorWeight : minorWeight;
    const row = i * n;
    const majorScale = onMajor * U16_MAX;
    const minorScale = onMinor * U16_MAX;
    let max = 0;
    for (let j = 0, p = i * ms, o = row + V; j < ms; j++) {
      const w = Math.floor(majorScale * majorProfile[p + j]);
      out[o + j] = w;
      max = w > max ? w : max;
    }
    for (let j = 0, p = i * ns, o = row + V + ms; j < ns; j++) {
      const w = Math.floor(minorScale * minorProfile[p + j]);
      out[o + j] = w;
      max = w > max ? w : max;
    }
    // max > 32768 (always here unless a side is nearly empty): e x (65535 / max), rounded.
    if (max > 0) {
      const up = max > 32768 ? U16_MAX / max : 0;
      if (up > 0) for (let j = row + V, end = row + n; j < end; j++) out[j] = Math.round(out[j] * up);
      else for (let j = row + V, end = row + n; j < end; j++) out[j] = Math.round((out[j] * U16_MAX) / max);
    }
    if (outFixed) {
      let sum = 0;
      for (let j = 0, p = i * ms, o = row + V; j < ms; j++) sum += outFixed[o + j] = onMajor * majorProfile[p + j];
      for (let j = 0, p = i * ns, o = row + V + ms; j < ns; j++) sum += outFixed[o + j] = onMinor * minorProfile[p + j];
      if (sum > 0 && sum !== 1) {
        const inv = 1 / sum;
        for (let j = row + V, end = row + n; j < end; j++) outFixed[j] *= inv;
      }
    }
  }
}

/**
 * `avg_weight_dev` of split_graph: with stake shares s_i and row-normalized weights w_ij (before
 * u16), mean_j = sum_i s_i w_ij, dev_j = sum_i s_i |mean_j - w_ij| over validators with s_i > 0,
 * and avg = sum_j dev_j / sum_j mean_j. `mean` is scratch of length n.
 */
export function averageWeightDeviation(
  stakeShare: Float64Array, weightsFixed: Float64Array, validators: number, n: number, mean: Float64Array,
): number {
  mean.fill(0, 0, n);
  for (let i = 0; i < validators; i++) {
    const s = stakeShare[i];
    if (!(s > 0)) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) mean[j] += s * weightsFixed[row + j];
  }
  let dev = 0;
  let meanSum = 0;
  for (let j = 0; j < n; j++) meanSum += mean[j];
  for (let i = 0; i < validators; i++) {
    const s = stakeShare[i];
    if (!(s > 0)) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) dev += s * Math.abs(mean[j] - weightsFixed[row + j]);
  }
  return dev / meanSum;
}
