/**
 * Bonds and dividends over compact rows (subtensor 14bc6f9f, the bonds branch of
 * `epoch_dense_mechanism`, `compute_bonds`, `alpha_sigmoid`, math.rs `mat_ema*`).
 * Short names: wn masked row-normalized weights, c consensus, as active stake, inc incentive,
 * B previous bonds (proportions), wb weights for bonds = wn + p * (min(wn, c) - wn) with p the
 * bonds penalty (exactly wn when p = 0 and min(wn, c) when p = 1, as `interpolate`).
 * The passes over rows x n run in passes.wasm (asm/yuma-passes.ts); this file orders them and
 * does the per-column and per-row work between them.
 */
import type { ResolvedYumaParams } from './params.ts';
import { S_ALPHA_HIGH, S_ALPHA_LOW, S_EMA_ALPHA, S_PENALTY, S_SIGMOID_SCALE } from './passes.ts';
import type { YumaWorkspace } from './workspace.ts';

/** x normalized in place to sum 1 over n (left as is when the sum is 0): `inplace_normalize`. */
export function normalizeVector(x: Float64Array, n: number): void {
  let sum = 0;
  for (let j = 0; j < n; j++) sum += x[j];
  if (sum !== 0) for (let j = 0; j < n; j++) x[j] = x[j] / sum;
}

/**
 * dst[0..len) <- src[0..len): one `set` when src is exactly that long, else an element loop (a
 * `subarray` view would allocate, and the kernel allocates nothing per epoch).
 */
export function copyPrefix<T extends Float64Array | Int32Array | Uint8Array>(dst: T, src: T, len: number): void {
  if (src.length === len) dst.set(src);
  else for (let i = 0; i < len; i++) dst[i] = src[i];
}

/**
 * dst rows <- src rows where storeRow is 1. When every row is stored (the usual epoch: every
 * validator holds its permit) one `set` from a view of the first rows x n elements, kept in the
 * workspace and made again only when the row count changes; otherwise an element loop (no view
 * allocated per epoch either way).
 */
function copyStoredRows(ws: YumaWorkspace, src: Float64Array, storeRow: Uint8Array, rows: number, n: number, dst: Float64Array): void {
  let all = true;
  for (let r = 0; r < rows; r++) if (storeRow[r] !== 1) all = false;
  if (all) {
    dst.set(prefixView(ws, src, rows * n));
    return;
  }
  for (let r = 0; r < rows; r++) {
    if (storeRow[r] !== 1) continue;
    const base = r * n;
    for (let j = base; j < base + n; j++) dst[j] = src[j];
  }
}

/** A view of src[0 .. len), cached in the workspace per source array. */
function prefixView(ws: YumaWorkspace, src: Float64Array, len: number): Float64Array {
  const views = ws.prefixViews;
  const k = src === ws.stored ? 0 : 1;
  let v = views[k];
  if (v === null || v.length !== len || v.byteOffset !== src.byteOffset) {
    v = src.subarray(0, len);
    views[k] = v;
  }
  return v;
}

/**
 * The previous bonds into ws.bondsIn: copied as they are, or, given as the chain's u16, copied as
 * u16 (a quarter of the bytes) into ws.bondsInU16, and with `widen` widened there to k / 65535
 * into ws.bondsIn (`widenU16`; classic widens them in `clipTrustRanks`, with their column sums).
 */
function loadBonds(ws: YumaWorkspace, bonds: Float64Array, bondsU16: Uint16Array | undefined, rows: number, n: number, widen: boolean): void {
  const len = rows * n;
  if (bondsU16 === undefined) {
    copyPrefix(ws.bondsIn, bonds, len);
    return;
  }
  const dst = ws.bondsInU16;
  if (bondsU16.length === len) dst.set(bondsU16);
  else for (let i = 0; i < len; i++) dst[i] = bondsU16[i];
  if (widen) ws.passes.widenU16(dst.byteOffset, ws.bondsIn.byteOffset, 0, rows, n);
}

/**
 * The stored rows of `src` (a workspace matrix), each divided by `colMax` first when given (the
 * classic upscale, `divideRowsByColumn`), out to the caller: as u16 into `storedU16` when given
 * (`quantizeRowsToU16`; with colMax one pass, `divideRowsByColumnToU16`), else as proportions
 * into `stored`, rounded to the chain's u16 first with `storeU16`.
 */
function storeBonds(
  ws: YumaWorkspace,
  src: Float64Array,
  colMax: Float64Array | null,
  rows: number,
  n: number,
  stored: Float64Array,
  storedU16: Uint16Array | undefined,
  storeU16: boolean,
): void {
  const { passes, storeRow } = ws;
  if (storedU16 === undefined) {
    if (colMax !== null) passes.divideRowsByColumn(storeRow.byteOffset, colMax.byteOffset, src.byteOffset, rows, n);
    if (storeU16) passes.quantizeRowsU16(storeRow.byteOffset, src.byteOffset, rows, n);
    copyStoredRows(ws, src, storeRow, rows, n, stored);
    return;
  }
  const q = ws.storedU16;
  if (colMax !== null) passes.divideRowsByColumnToU16(storeRow.byteOffset, colMax.byteOffset, src.byteOffset, q.byteOffset, rows, n);
  else passes.quantizeRowsToU16(storeRow.byteOffset, src.byteOffset, q.byteOffset, rows, n);
  let all = true;
  for (let r = 0; r < rows; r++) if (storeRow[r] !== 1) all = false;
  if (all) {
    const len = rows * n;
    let v = ws.prefixViewsU16[0];
    if (v === null || v.length !== len) {
      v = q.subarray(0, len);
      ws.prefixViewsU16[0] = v;
    }
    storedU16.set(v);
    return;
  }
  for (let r = 0; r < rows; r++) {
    if (storeRow[r] !== 1) continue;
    const base = r * n;
    for (let j = base; j < base + n; j++) storedU16[j] = q[j];
  }
}

/**
 * Per compact row, the inputs of the row-major passes: its active stake, and 1 where its uid
 * holds a new permit (its bonds are stored).
 */
function rowStakeAndStore(ws: YumaWorkspace, rowUid: Int32Array, rows: number, activeStake: Float64Array, newPermit: Uint8Array): void {
  const { rowStake, storeRow } = ws;
  for (let r = 0; r < rows; r++) {
    const u = rowUid[r];
    rowStake[r] = activeStake[u];
    storeRow[r] = newPermit[u] === 1 ? 1 : 0;
  }
}

/**
 * Clipped weights k = min(wn_ij, c_j) give validator trust t_u = sum_j k and ranks
 * r_j = sum_i k_ij * as_i (inplace_col_clip, row_sum, matmul; ranks into `ranks`); the weights
 * for bonds wb = wn + p * (k - wn) go to ws.ema. One pass (passes.wasm `clipTrustRanks`, without
 * bonds: the Yuma3 path; the classic path runs it inside `classicBondsDividends`, with the bonds'
 * column sums).
 */
function clipTrustRanks(
  ws: YumaWorkspace,
  rowUid: Int32Array,
  rows: number,
  n: number,
  consensus: Float64Array,
  penalty: number,
  validatorTrust: Float64Array,
  ranks: Float64Array,
): void {
  const { colConsensus, colRanks, rowTrust } = ws;
  copyPrefix(colConsensus, consensus, n);
  colRanks.fill(0, 0, n);
  ws.scalars[S_PENALTY] = penalty;
  ws.passes.clipTrustRanks(ws.weightsNorm.byteOffset, 0, ws.rowStake.byteOffset, colConsensus.byteOffset, ws.scalars.byteOffset,
    rowTrust.byteOffset, colRanks.byteOffset, 0, ws.colB.byteOffset, ws.ema.byteOffset, rows, n);
  for (let r = 0; r < rows; r++) validatorTrust[rowUid[r]] = rowTrust[r];
  ranks.set(colRanks); // the workspace's columns have length n
}

/**
 * Classic bonds: B masked on recently registered columns and column-normalized; delta = wb * as
 * column-normalized; ema = alpha * delta + (1 - alpha) * B, column-normalized;
 * d_i = sum_j ema_ij * inc_j (normalized by the caller); ema column max-upscaled for storage.
 * Also writes validator trust and incentive (passes.wasm `clipTrustRanks`, inside
 * `classicBondsDividends`).
 * Three passes over rows x n: column sums (with trust and ranks), then the EMA without its column
 * normalization, E_ij = wb_ij * as_i * deltaScale_j + B_ij * bondScale_j with
 * deltaScale_j = alpha / sum_i delta_ij and bondScale_j = (1 - alpha) / sum_i B_ij (each where its
 * column sum is not 0, and the bond term 0 on recently registered columns), giving per row
 * d_u = sum_j E_uj * incFactor_j, the column maxima of E and E on the stored rows, and last the
 * stored rows divided by the column maxima (`inplace_col_max_upscale`; a division, not a product
 * by the reciprocal, so a column's maximum is stored as exactly 1; a zero maximum leaves its
 * column as is). The chain's column normalization of E cancels in E / max_i E, and the
 * dividends take it as incFactor_j = inc_j / sum_i E_ij, where the column sum of E is known
 * without summing it: each normalized part sums to 1 over its column (or is all 0 where its sum
 * is 0), so sum_i E_ij = alpha [sum delta_j != 0] + (1 - alpha) [sum B_j != 0, j not recently
 * registered], within rounding (a relative 1e-16 per row) of the sum the chain forms.
 * The previous bonds are copied into the workspace first, so `stored` may alias `bonds`. With
 * `storeU16` the stored rows are rounded as the chain stores them (u16, `quantizeRowsU16`). With
 * `bondsU16` and `storedU16` the bonds come in and go out as the chain's u16 instead (see
 * `loadBonds`, `storeBonds`; the same bits as `bonds` = k / 65535 with `storeU16`).
 * Everything between the bonds' copy and their storage runs in one call to passes.wasm
 * (`classicBondsDividends`), over the workspace: the per-uid inputs are the prologue's
 * (active stake, new permits, recently registered), the consensus is the one the medians left in
 * ws.colConsensus, and trust, incentive and dividends (before normalization) go to ws.colTrust,
 * ws.colIncentive and ws.colDividends.
 */
export function classicBondsAndDividends(
  ws: YumaWorkspace,
  bonds: Float64Array,
  rows: number,
  n: number,
  p: ResolvedYumaParams,
  stored: Float64Array,
  storeU16: boolean,
  bondsU16?: Uint16Array,
  storedU16?: Uint16Array,
): void {
  const u16 = bondsU16 !== undefined;
  loadBonds(ws, bonds, bondsU16, rows, n, false);
  const { passes, scalars } = ws;
  scalars[S_PENALTY] = p.bondsPenalty;
  scalars[S_EMA_ALPHA] = p.emaAlpha;
  passes.classicBondsDividends(n, rows, ws.rowUid.byteOffset, ws.activeStake.byteOffset, ws.colNewPermit.byteOffset,
    ws.recentlyRegistered.byteOffset, ws.colConsensus.byteOffset, scalars.byteOffset, ws.weightsNorm.byteOffset, ws.bondsIn.byteOffset,
    u16 ? ws.bondsInU16.byteOffset : 0, ws.rowStake.byteOffset, ws.storeRow.byteOffset, ws.rowTrust.byteOffset, ws.colRanks.byteOffset,
    ws.colA.byteOffset, ws.colB.byteOffset, ws.colC.byteOffset, ws.colD.byteOffset, ws.ema.byteOffset, ws.stored.byteOffset,
    ws.rowDividend.byteOffset, ws.colTrust.byteOffset, ws.colIncentive.byteOffset, ws.colDividends.byteOffset);
  storeBonds(ws, ws.stored, ws.colD, rows, n, stored, storedU16, storeU16);
}

const LN2_HI = 0.6931471803691238; // ln 2 split so that k * LN2_HI is exact for |k| < 2^20
const LN2_LO = 1.9082149292705877e-10;
export const POW2 = Float64Array.from({ length: 61 }, (_, i) => 2 ** (i - 30));
/** 2^(i/64), i = 0..63. */
export const POW2_64TH = Float64Array.from({ length: 64 }, (_, i) => 2 ** (i / 64));
const LN2_64TH_HI = LN2_HI / 64; // still exact times any |k| < 2^20
const LN2_64TH_LO = LN2_LO / 64;

/** 1.5 * 2^52: for |y| < 2^51, (y + ROUND_MAGIC) - ROUND_MAGIC is y rounded to the nearest integer, ties to even, exactly. */
const ROUND_MAGIC = 6755399441055744;

/**
 * exp(x) for x in [-20, 20] (the range `exp_safe` clamps to): x = k ln2 / 64 + r with
 * |r| <= ln2 / 128 (k rounded by ROUND_MAGIC, which a vector does in two instructions where
 * Math.round takes seven), exp(r) by its Taylor series to r^5 (truncation below 4e-17 relative),
 * times 2^(k / 64) from two tables. Branch-free; within a few ulp of Math.exp (checked by a test).
 */
export function expClamped(x: number): number {
  const k = x * 92.33248261689366 + ROUND_MAGIC - ROUND_MAGIC; // 64 / ln 2
  const r = x - k * LN2_64TH_HI - k * LN2_64TH_LO;
  // Estrin's order: a shorter chain of dependent operations than Horner's (the vector pass is
  // held by that chain's latency), the same accuracy.
  const r2 = r * r;
  const p = 1 + r + r2 * (1 / 2 + r * (1 / 6) + r2 * (1 / 24 + r * (1 / 120)));
  return p * (POW2_64TH[k & 63] * POW2[(k >> 6) + 30]);
}

/**
 * Liquid alpha of one validator-miner pair (`alpha_sigmoid`): diff = clamp(w - c, 0, 1) when
 * w >= b, else clamp(b - w, 0, 1); sigmoid = 1 / (1 + exp(clamp(-(steepness / 100) * (diff - 0.5),
 * -20, 20))); alpha = clamp(low + sigmoid * (high - low), low, high).
 */
export function liquidAlpha(c: number, w: number, b: number, p: ResolvedYumaParams): number {
  return liquidAlphaOf(c, w, b, p.alphaLow, p.alphaHigh, p.sigmoidScale);
}

function liquidAlphaOf(c: number, w: number, b: number, low: number, high: number, scale: number): number {
  return alphaOfDiff(liquidDiff(c, w, b), low, high, scale);
}

/** diff = clamp(w - c, 0, 1) when w >= b, else clamp(b - w, 0, 1). */
function liquidDiff(c: number, w: number, b: number): number {
  // Branch-free selects: +(w >= b) is a flag, and adding the other side's 0 leaves the value exact.
  const buy = +(w >= b);
  return Math.min(Math.max(buy * (w - c) + (1 - buy) * (b - w), 0), 1);
}

/**
 * alpha = clamp(low + sigmoid * (high - low), low, high), sigmoid = 1 / (1 + exp(clamp(scale *
 * (diff - 0.5), -20, 20))), taken as low + (high - low) / (1 + exp(...)): one division, no
 * product after it (one rounding fewer, and one operation fewer on the vector pass's chain).
 */
function alphaOfDiff(diff: number, low: number, high: number, scale: number): number {
  const x = Math.min(Math.max(scale * (diff - 0.5), -20), 20);
  return Math.max(Math.min(low + (high - low) / (1 + expClamped(x)), high), low);
}

/**
 * Yuma3 bonds: B masked on recently registered columns; with liquid alpha on and some c_j != 0 the
 * liquid EMA, otherwise ema = alpha * wb + (1 - alpha) * B. Dividends before normalization:
 * d_i = as_i * sum_j (ema_ij / sum_i ema_ij) * inc_j. ema is stored as is (no upscale) into `stored`
 * for rows whose uid holds a new permit (rounded to the chain's u16 with `storeU16`; as u16 into
 * `storedU16` when the bonds come as `bondsU16`). Also writes validator trust and incentive.
 */
export function yuma3BondsAndDividends(
  ws: YumaWorkspace,
  bonds: Float64Array,
  rowUid: Int32Array,
  rows: number,
  n: number,
  consensus: Float64Array,
  activeStake: Float64Array,
  recentlyRegistered: Uint8Array,
  newPermit: Uint8Array,
  p: ResolvedYumaParams,
  validatorTrust: Float64Array,
  incentive: Float64Array,
  dividends: Float64Array,
  stored: Float64Array,
  storeU16: boolean,
  bondsU16?: Uint16Array,
  storedU16?: Uint16Array,
): void {
  rowStakeAndStore(ws, rowUid, rows, activeStake, newPermit);
  clipTrustRanks(ws, rowUid, rows, n, consensus, p.bondsPenalty, validatorTrust, incentive);
  normalizeVector(incentive, n);
  let liquid = false;
  if (p.liquidAlpha) {
    for (let j = 0; j < n; j++) {
      if (consensus[j] !== 0) {
        liquid = true;
        break;
      }
    }
  }
  loadBonds(ws, bonds, bondsU16, rows, n, true);
  const { passes, ema, bondsIn, colA: emaSum, colB: keep, rowDividend, storeRow } = ws;
  // keep: 1 where not recently registered, so B is masked by a product (B is finite and >= 0).
  for (let j = 0; j < n; j++) keep[j] = recentlyRegistered[j] === 0 ? 1 : 0;
  emaSum.fill(0, 0, n);
  if (liquid) {
    // mat_ema_alpha: per pair a = alpha_sigmoid(c, wb, B) (see `liquidAlpha`).
    ws.scalars[S_ALPHA_LOW] = p.alphaLow;
    ws.scalars[S_ALPHA_HIGH] = p.alphaHigh;
    ws.scalars[S_SIGMOID_SCALE] = p.sigmoidScale;
    passes.liquidEma(ema.byteOffset, bondsIn.byteOffset, ws.colConsensus.byteOffset, keep.byteOffset, ws.scalars.byteOffset,
      ws.pow2of64th.byteOffset, emaSum.byteOffset, rows, n);
  } else {
    // mat_ema: ema = alpha * wb + (1 - alpha) * B.
    ws.scalars[S_EMA_ALPHA] = p.emaAlpha;
    passes.fixedEma(ema.byteOffset, bondsIn.byteOffset, keep.byteOffset, ws.scalars.byteOffset, emaSum.byteOffset, rows, n);
  }
  const incFactor = emaSum;
  for (let j = 0; j < n; j++) {
    const es = emaSum[j];
    incFactor[j] = es !== 0 ? incentive[j] / es : incentive[j];
  }
  passes.rowDotColumn(ema.byteOffset, incFactor.byteOffset, rowDividend.byteOffset, rows, n);
  dividends.fill(0, 0, n);
  for (let r = 0; r < rows; r++) {
    const u = rowUid[r];
    dividends[u] = rowDividend[r] * activeStake[u];
  }
  storeBonds(ws, ema, null, rows, n, stored, storedU16, storeU16);
}
