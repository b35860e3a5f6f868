/**
 * Naive reference of `epoch_dense_mechanism` (pallets/subtensor/src/epoch/run_epoch.rs and
 * epoch/math.rs, subtensor 14bc6f9f): dense n x n `number[][]`, one chain helper per function,
 * allocating freely. Written from the chain's code, not from src/yuma; used by tests and the bench.
 */
export interface NaiveParams {
  kappaU16: number;
  bondsPenaltyU16: number;
  bondsMovingAverage: number;
  activityCutoff: number;
  maxAllowedValidators: number;
  stakeThresholdRao: number;
  yuma3: boolean;
  liquidAlpha: boolean;
  alphaLowU16: number;
  alphaHighU16: number;
  alphaSigmoidSteepness: number;
}

export interface NaiveInput {
  block: number;
  tempo: number;
  lastEpochBlock: number;
  emissionRao: number;
  stake: number[];
  lastUpdate: number[];
  blockAtRegistration: number[];
  validatorPermit: boolean[];
  /** dense n x n */
  weights: number[][];
  /** dense n x n, proportions */
  bonds: number[][];
}

export interface NaiveOutput {
  stake: number[];
  active: boolean[];
  validatorPermit: boolean[];
  consensus: number[];
  validatorTrust: number[];
  incentive: number[];
  dividends: number[];
  serverShare: number[];
  validatorShare: number[];
  serverEmission: number[];
  validatorEmission: number[];
  /** per row: the stored bonds row, 'cleared', or 'unchanged' */
  bonds: (number[] | 'cleared' | 'unchanged')[];
}

const sum = (x: number[]) => x.reduce((a, b) => a + b, 0);

function inplaceNormalize(x: number[]): void {
  const s = sum(x);
  if (s === 0) return;
  for (let i = 0; i < x.length; i++) x[i] = x[i] / s;
}

function isTopkNonzero(vector: number[], k: number): boolean[] {
  // Keys as the chain's I32F32 values.
  const key = vector.map((v) => Math.floor(v * 4294967296));
  const n = vector.length;
  const result = key.map((v) => v !== 0);
  if (n < k) return result;
  const idxs = [...Array(n).keys()];
  idxs.sort((a, b) => key[a] - key[b]); // Array.prototype.sort is stable
  for (const idx of idxs.slice(0, n - k)) result[idx] = false;
  return result;
}

function inplaceMaskVector(mask: boolean[], v: number[]): void {
  for (let i = 0; i < v.length; i++) if (mask[i]) v[i] = 0;
}

function inplaceMaskRows(mask: boolean[], m: number[][]): void {
  for (let i = 0; i < m.length; i++) if (mask[i]) m[i] = m[i].map(() => 0);
}

function inplaceMaskDiag(m: number[][]): void {
  for (let i = 0; i < m.length; i++) m[i][i] = 0;
}

function inplaceMaskMatrix(mask: boolean[][], m: number[][]): void {
  for (let i = 0; i < m.length; i++) for (let j = 0; j < m[i].length; j++) if (mask[i][j]) m[i][j] = 0;
}

function inplaceMaskCols(mask: boolean[], m: number[][]): void {
  for (const row of m) for (let j = 0; j < row.length; j++) if (mask[j]) row[j] = 0;
}

function inplaceRowNormalize(m: number[][]): void {
  for (const row of m) {
    const s = sum(row);
    if (s > 0) for (let j = 0; j < row.length; j++) row[j] = row[j] / s;
  }
}

function inplaceColNormalize(m: number[][]): void {
  if (m.length === 0) return;
  const cols = m[0].length;
  const sums = new Array<number>(cols).fill(0);
  for (const row of m) for (let j = 0; j < cols; j++) sums[j] += row[j];
  for (const row of m) for (let j = 0; j < cols; j++) if (sums[j] !== 0) row[j] = row[j] / sums[j];
}

function inplaceColMaxUpscale(m: number[][]): void {
  if (m.length === 0) return;
  const cols = m[0].length;
  const maxes = new Array<number>(cols).fill(0);
  for (const row of m) for (let j = 0; j < cols; j++) if (maxes[j] < row[j]) maxes[j] = row[j];
  for (const row of m) for (let j = 0; j < cols; j++) if (maxes[j] !== 0) row[j] = row[j] / maxes[j];
}

/** math.rs `weighted_median`, literally: vectors of indices, mid pivot, lower/upper in order. */
function weightedMedian(stake: number[], score: number[], partitionIdx: number[], minority: number, lo: number, hi: number): number {
  let current = partitionIdx.slice();
  let iteration = 0;
  const limit = partitionIdx.length;
  for (;;) {
    const n = current.length;
    if (n === 0) return 0;
    if (n === 1) return score[current[0]];
    const pivot = score[current[Math.floor(n / 2)]];
    let loStake = 0;
    let hiStake = 0;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const idx of current) {
      if (score[idx] === pivot) continue;
      if (score[idx] < pivot) {
        loStake += stake[idx];
        lower.push(idx);
      } else {
        hiStake += stake[idx];
        upper.push(idx);
      }
    }
    if (minority < lo + loStake && lower.length > 0) {
      current = lower;
      hi = lo + loStake;
    } else if (hi - hiStake <= minority && upper.length > 0) {
      current = upper;
      lo = hi - hiStake;
    } else {
      return pivot;
    }
    iteration++;
    if (iteration > limit) break;
  }
  return 0;
}

/** math.rs `weighted_median_col`. */
export function weightedMedianCol(stake: number[], score: number[][], majority: number): number[] {
  const columns = score.length > 0 ? score[0].length : 0;
  const median = new Array<number>(columns).fill(0);
  for (let c = 0; c < columns; c++) {
    const useStake: number[] = [];
    const useScore: number[] = [];
    for (let r = 0; r < stake.length; r++) {
      if (stake[r] > 0) {
        useStake.push(stake[r]);
        useScore.push(score[r][c]);
      }
    }
    if (useStake.length > 0) {
      inplaceNormalize(useStake);
      const stakeSum = sum(useStake);
      const minority = stakeSum - majority;
      median[c] = weightedMedian(useStake, useScore, [...useStake.keys()], minority, 0, stakeSum);
    }
  }
  return median;
}

function interpolate(m1: number[][], m2: number[][], ratio: number): number[][] {
  if (ratio === 0) return m1.map((r) => r.slice());
  if (ratio === 1) return m2.map((r) => r.slice());
  return m1.map((row, i) => row.map((v1, j) => v1 + ratio * (m2[i][j] - v1)));
}

function alphaSigmoid(consensus: number, weight: number, bond: number, low: number, high: number, steepness: number): number {
  const clamp = (v: number, lo: number, hi: number) => Math.max(Math.min(v, hi), lo);
  const diffBuy = clamp(weight - consensus, 0, 1);
  const diffSell = clamp(bond - weight, 0, 1);
  const combined = weight >= bond ? diffBuy : diffSell;
  const x = clamp((steepness / -100) * (combined - 0.5), -20, 20);
  const sigmoid = 1 / (1 + Math.exp(x));
  return clamp(low + sigmoid * (high - low), low, high);
}

/** run_epoch.rs `compute_bonds` (dense). */
function computeBonds(p: NaiveParams, weights: number[][], bonds: number[][], consensus: number[]): number[][] {
  if (p.liquidAlpha && consensus.length > 0 && consensus.some((c) => c !== 0)) {
    const low = p.alphaLowU16 / 65535;
    const high = p.alphaHighU16 / 65535;
    const alphas = weights.map((row, i) =>
      row.map((w, j) => alphaSigmoid(consensus[j], w, bonds[i][j], low, high, p.alphaSigmoidSteepness)),
    );
    // mat_ema_alpha
    return weights.map((row, i) =>
      row.map((w, j) => {
        const a = alphas[i][j];
        const decayed = (1 - a) * bonds[i][j];
        const inc = Math.max(a * w, 0);
        return Math.min(decayed + inc, 1);
      }),
    );
  }
  const alpha = 1 - p.bondsMovingAverage / 1_000_000;
  return matEma(weights, bonds, alpha);
}

function matEma(next: number[][], old: number[][], alpha: number): number[][] {
  const oneMinusAlpha = 1 - alpha;
  return next.map((row, i) => row.map((v, j) => alpha * v + oneMinusAlpha * old[i][j]));
}

/** One epoch, `epoch_dense_mechanism`. */
export function naiveEpoch(input: NaiveInput, p: NaiveParams): NaiveOutput {
  const n = input.stake.length;
  const currentBlock = input.block;
  const inactive = input.lastUpdate.map((u) => u + p.activityCutoff < currentBlock);
  const active = inactive.map((b) => !b);
  const outdated = input.lastUpdate.map((u) => input.blockAtRegistration.map((reg) => u <= reg));
  const lastTempo = input.lastEpochBlock === 0 ? Math.max(0, currentBlock - input.tempo) : input.lastEpochBlock + 1;
  const recentlyRegistered = input.blockAtRegistration.map((reg) => lastTempo <= reg);

  const filtered = input.stake.map((s) => (s < p.stakeThresholdRao ? 0 : s));
  inplaceNormalize(filtered);
  const stake = filtered;

  const validatorPermits = input.validatorPermit;
  const validatorForbids = validatorPermits.map((b) => !b);
  const newValidatorPermits = isTopkNonzero(stake, p.maxAllowedValidators);

  const activeStake = stake.slice();
  inplaceMaskVector(inactive, activeStake);
  inplaceMaskVector(validatorForbids, activeStake);
  inplaceNormalize(activeStake);

  const weights = input.weights.map((r) => r.slice());
  inplaceMaskRows(validatorForbids, weights);
  inplaceMaskDiag(weights);
  inplaceMaskMatrix(outdated, weights);
  inplaceRowNormalize(weights);

  const kappa = p.kappaU16 / 65535;
  const consensus = weightedMedianCol(activeStake, weights, kappa);
  const clipped = weights.map((row) => row.map((w, j) => Math.min(consensus[j], w)));
  const validatorTrust = clipped.map((row) => sum(row));

  const ranks = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) ranks[j] = ranks[j] + activeStake[i] * clipped[i][j];
  inplaceNormalize(ranks);
  const incentive = ranks.slice();

  const bondsPenalty = p.bondsPenaltyU16 / 65535;
  const weightsForBonds = interpolate(weights, clipped, bondsPenalty);

  let dividends: number[];
  let emaBonds: number[][];
  if (p.yuma3) {
    const bonds = input.bonds.map((r) => r.slice());
    inplaceMaskCols(recentlyRegistered, bonds);
    emaBonds = computeBonds(p, weightsForBonds, bonds, consensus);
    const emaNorm = emaBonds.map((r) => r.slice());
    inplaceColNormalize(emaNorm);
    const totalBondsPerValidator = emaNorm.map((row) => sum(row.map((b, j) => b * incentive[j])));
    dividends = totalBondsPerValidator.map((t, i) => t * activeStake[i]);
    inplaceNormalize(dividends);
  } else {
    const bonds = input.bonds.map((r) => r.slice());
    inplaceMaskCols(recentlyRegistered, bonds);
    inplaceColNormalize(bonds);
    const bondsDelta = weightsForBonds.map((row, i) => row.map((w) => activeStake[i] * w));
    inplaceColNormalize(bondsDelta);
    emaBonds = matEma(bondsDelta, bonds, 1 - p.bondsMovingAverage / 1_000_000);
    inplaceColNormalize(emaBonds);
    dividends = emaBonds.map((row) => {
      let s = 0;
      for (let j = 0; j < n; j++) s = s + row[j] * incentive[j];
      return s;
    });
    inplaceNormalize(dividends);
    inplaceColMaxUpscale(emaBonds);
  }

  const combined = incentive.map((x, i) => x + dividends[i]);
  const emissionSum = sum(combined);
  let serverShare = incentive.slice();
  let validatorShare = dividends.slice();
  if (emissionSum !== 0) {
    serverShare = serverShare.map((x) => x / emissionSum);
    validatorShare = validatorShare.map((x) => x / emissionSum);
  } else {
    validatorShare = sum(activeStake) === 0 ? stake.slice() : activeStake.slice();
  }
  const toRao = (x: number) => Math.max(0, Math.floor(x * input.emissionRao));
  const serverEmission = serverShare.map(toRao);
  const validatorEmission = validatorShare.map(toRao);
  // The chain's fixed-point truncation never pays more than the emission; float rounding can
  // (by a rao or two), so the excess comes off the largest amount, lowest uid first.
  let excess = sum(serverEmission) + sum(validatorEmission) - input.emissionRao;
  while (excess > 0) {
    const all = [...serverEmission, ...validatorEmission];
    const top = Math.max(...all);
    if (top <= 0) break;
    const iServer = serverEmission.indexOf(top);
    const iValidator = validatorEmission.indexOf(top);
    const take = Math.min(excess, top);
    // equal amounts: the lower uid, and the server amount before the validator one at one uid
    if (iServer >= 0 && (iValidator < 0 || iServer <= iValidator)) serverEmission[iServer] -= take;
    else validatorEmission[iValidator] -= take;
    excess -= take;
  }
  const bondsOut = newValidatorPermits.map((np, i) =>
    np ? emaBonds[i] : validatorPermits[i] ? ('cleared' as const) : ('unchanged' as const),
  );
  return {
    stake,
    active,
    validatorPermit: newValidatorPermits,
    consensus,
    validatorTrust,
    incentive,
    dividends,
    serverShare,
    validatorShare,
    serverEmission,
    validatorEmission,
    bonds: bondsOut,
  };
}
