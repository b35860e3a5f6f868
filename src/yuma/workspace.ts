/**
 * Caller-owned memory of the kernel: a workspace (scratch) and a result (outputs), both sized
 * once per subnet size n and row capacity, then reused every epoch.
 */
import { POW2_64TH } from './bonds.ts';
import { instantiatePasses, MEDIAN_GATHER_BLOCK, PassesLayout, SCALAR_SLOTS, type YumaPasses } from './passes.ts';


/** The state of one subnet when its epoch runs: inputs of `runYumaEpoch`, never written. */
export interface YumaEpochInput {
  /** Number of uids. */
  n: number;
  /** Current block, tempo and the block of the previous epoch (0 = unknown: block - tempo is used). */
  block: number;
  tempo: number;
  lastEpochBlock: number;
  /** Rao to distribute this epoch (floats are exact up to 2^53; see `shareToRao` for larger). */
  emissionRao: number;
  /** Per uid, length >= n: stake weight in rao, blocks, and the previous epoch's permits (0/1). */
  stakeRao: Float64Array;
  lastUpdate: Float64Array;
  blockAtRegistration: Float64Array;
  validatorPermit: Uint8Array;
  /**
   * Compact rows: `rows` uids in strictly ascending order (`rowUid`), and for row r its weights
   * `weights[r * n + j]` (any non-negative scale; rows are normalized) and previous bonds
   * `bonds[r * n + j]` as proportions in [0, 1] (the chain's u16 / 65535). Every uid not listed
   * has no weights and no bonds. Dense callers list every uid (rows = n, rowUid = 0..n-1).
   */
  rows: number;
  rowUid: Int32Array;
  weights: Float64Array;
  bonds: Float64Array;
  /**
   * Optional: the previous bonds as the chain stores them, u16 k (the proportion k / 65535), in
   * the same row layout. When given, `bonds` is not read, and the result's `bondsU16` (which must
   * then be given too) receives the stored bonds instead of `bonds`: a quarter of the bytes to
   * copy, with the same results bit for bit as `bonds` = k / 65535 and `storeBondsU16`.
   */
  bondsU16?: Uint16Array;
  /**
   * Optional: the weights as the chain stores them (`Weights` holds u16, max-upscaled by
   * set_weights), in the same row layout. When given, `weights` is not read: the u16 values are
   * the weights (rows are normalized, so their scale is free), copied in at a quarter of the
   * bytes and widened exactly, with the same results bit for bit as `weights` = the same integers.
   */
  weightsU16?: Uint16Array;
}

/** What the bonds of compact row r become (`YumaEpochResult.bondsRowAction[r]`). */
export const BONDS_UNCHANGED = 0;
export const BONDS_SET = 1;
export const BONDS_CLEARED = 2;

/** Outputs, per uid (length n) unless noted. */
export interface YumaEpochResult {
  /** Normalized stake after the threshold (sums to 1 or is all 0). */
  stake: Float64Array;
  active: Uint8Array;
  /** The new permits: top-k non-zero stake. */
  validatorPermit: Uint8Array;
  consensus: Float64Array;
  validatorTrust: Float64Array;
  incentive: Float64Array;
  dividends: Float64Array;
  /** Normalized emission shares (incentive and dividends over their joint sum, or the fallback). */
  serverShare: Float64Array;
  validatorShare: Float64Array;
  /** floor(share * emissionRao), as the chain truncates. */
  serverEmissionRao: Float64Array;
  validatorEmissionRao: Float64Array;
  /** rows x n, same row layout as the input: bonds the chain stores, as proportions before u16. */
  bonds: Float64Array;
  /** Per compact row: BONDS_SET, BONDS_CLEARED (row emptied) or BONDS_UNCHANGED (bonds[r] = input). */
  bondsRowAction: Uint8Array;
  /**
   * rows x n, with `YumaEpochInput.bondsU16`: the bonds the chain stores as u16 (the rows set are
   * floor(b * 65535) of the proportions b, a cleared row 0, another row its input), in place of
   * `bonds` (which is then not written). May be the input's `bondsU16` array.
   */
  bondsU16?: Uint16Array;
}

/** Scratch for one subnet size; create once with `createYumaWorkspace`. */
export interface YumaWorkspace {
  readonly n: number;
  readonly maxRows: number;
  readonly activeStake: Float64Array;
  readonly recentlyRegistered: Uint8Array;
  readonly rowOf: Int32Array;
  readonly permitKeys: Float64Array;
  readonly colA: Float64Array;
  readonly colB: Float64Array;
  readonly colC: Float64Array;
  readonly colD: Float64Array;
  /** rows x n: the input weights, copied in and then masked and row-normalized in place. */
  readonly weightsNorm: Float64Array;
  /** rows x n: EMA bonds (Yuma3), weights for bonds (classic). */
  readonly ema: Float64Array;
  /** Median scratch, length n (participants are uids with active stake); scores for MEDIAN_GATHER_BLOCK columns. */
  readonly medianRow: Int32Array;
  readonly medianStake: Float64Array;
  readonly medianScore: Float64Array;
  readonly medianA: Int32Array;
  readonly medianB: Int32Array;
  readonly medianC: Int32Array;
  readonly medianD: Int32Array;
  /** Certification of the guessed consensus: stake below / up to the guess per column, verdict. */
  readonly medianBelow: Float64Array;
  readonly medianUpto: Float64Array;
  readonly medianCertified: Uint8Array;
  /**
   * Scalars of `medianNearGuess` (length 3: minority, eps, and the half-width of the search near a
   * wrong guess, which is carried to the next call as a speed hint only: it never changes a
   * result, so sharing the workspace between subnets stays exact).
   */
  readonly nearGuess: Float64Array;
  /**
   * The row-major passes' buffers (see `passes.ts`): the previous bonds copied in (rows x n), the
   * stored bonds before they are copied out (rows x n), per compact row its active stake, weight sum, trust,
   * dividend and whether its bonds are stored, and the consensus and ranks per column.
   */
  readonly bondsIn: Float64Array;
  readonly stored: Float64Array;
  /** rows x n: the u16 bonds copied in (widened into bondsIn) and the u16 bonds stored (copied out). */
  readonly bondsInU16: Uint16Array;
  /** rows x n: the u16 weights copied in (widened into weightsNorm). */
  readonly weightsInU16: Uint16Array;
  readonly storedU16: Uint16Array;
  readonly rowStake: Float64Array;
  readonly rowSum: Float64Array;
  readonly rowTrust: Float64Array;
  readonly rowDividend: Float64Array;
  readonly storeRow: Uint8Array;
  readonly colConsensus: Float64Array;
  readonly colRanks: Float64Array;
  /** The registration block, last update and previous permit (0/1) per uid, copied where the passes read them. */
  readonly colRegisteredAt: Float64Array;
  readonly colLastUpdate: Float64Array;
  readonly colPermit: Uint8Array;
  /** The stake in rao per uid (copied in), and the prologue's results before they are copied out: active, normalized stake, new permits. */
  readonly colStakeRao: Float64Array;
  readonly colActive: Uint8Array;
  readonly colStake: Float64Array;
  readonly colNewPermit: Uint8Array;
  /** The per-uid results before they are copied out: trust, incentive, dividends, shares and rao paid. */
  readonly colTrust: Float64Array;
  readonly colIncentive: Float64Array;
  readonly colDividends: Float64Array;
  readonly colServerShare: Float64Array;
  readonly colValidatorShare: Float64Array;
  readonly colServerRao: Float64Array;
  readonly colValidatorRao: Float64Array;
  /** The passes' float parameters (slots S_* of passes.ts). */
  readonly scalars: Float64Array;
  /** The weights pass per compact row: uid, 0 no permit / 1 divide, 1 where its certification sums count, divisor, last update, participant stake. */
  readonly rowUid: Int32Array;
  readonly rowKind: Uint8Array;
  readonly rowCertify: Uint8Array;
  readonly rowDivisor: Float64Array;
  readonly rowLastUpdate: Float64Array;
  readonly rowParticipantStake: Float64Array;
  /** The table 2^(i/64) of liquid alpha's exp (`expClamped`), copied where the passes read it. */
  readonly pow2of64th: Float64Array;
  /** Views of the first rows x n elements of `stored` and `ema`, made once per row count (copyStoredRows). */
  readonly prefixViews: (Float64Array | null)[];
  /** A view of the first rows x n elements of `storedU16`, made once per row count. */
  readonly prefixViewsU16: (Uint16Array | null)[];
  /** The WebAssembly instance whose memory holds every array above. */
  readonly passes: YumaPasses;
}

export function createYumaWorkspace(n: number, maxRows: number = n): YumaWorkspace {
  checkSize(n, maxRows);
  // One WebAssembly memory holds the whole workspace, sized once and never grown (growing would
  // detach every view of it), so the passes and the TypeScript code share the arrays.
  const layout = new PassesLayout();
  const f64 = (len: number) => layout.take(len, 8);
  const i32 = (len: number) => layout.take(len, 4);
  const u16 = (len: number) => layout.take(len, 2);
  const u8 = (len: number) => layout.take(len, 1);
  const matrix = maxRows * n;
  const at = {
    activeStake: f64(n), recentlyRegistered: u8(n), rowOf: i32(n), permitKeys: f64(n),
    colA: f64(n), colB: f64(n), colC: f64(n), colD: f64(n),
    weightsNorm: f64(matrix), ema: f64(matrix), bondsIn: f64(matrix), stored: f64(matrix),
    medianRow: i32(n), medianStake: f64(n), medianScore: f64(MEDIAN_GATHER_BLOCK * n), medianA: i32(n), medianB: i32(n), medianC: i32(n), medianD: i32(n),
    medianBelow: f64(n), medianUpto: f64(n), medianCertified: u8(n), nearGuess: f64(3),
    rowStake: f64(maxRows), rowSum: f64(maxRows), rowTrust: f64(maxRows), rowDividend: f64(maxRows), storeRow: u8(maxRows),
    colConsensus: f64(n), colRanks: f64(n), colRegisteredAt: f64(n), colLastUpdate: f64(n), colPermit: u8(n), colStakeRao: f64(n), colActive: u8(n), colStake: f64(n), colNewPermit: u8(n), colTrust: f64(n), colIncentive: f64(n), colDividends: f64(n), colServerShare: f64(n), colValidatorShare: f64(n), colServerRao: f64(n), colValidatorRao: f64(n), scalars: f64(SCALAR_SLOTS),
    rowUid: i32(maxRows), rowKind: u8(maxRows), rowCertify: u8(maxRows), rowDivisor: f64(maxRows), rowLastUpdate: f64(maxRows),
    rowParticipantStake: f64(maxRows), pow2of64th: f64(POW2_64TH.length), bondsInU16: u16(matrix), storedU16: u16(matrix), weightsInU16: u16(matrix),
  };
  const passes = instantiatePasses(layout.bytes());
  const buf = passes.memory.buffer;
  new Float64Array(buf, at.pow2of64th, POW2_64TH.length).set(POW2_64TH);
  const F = (o: number, len: number) => new Float64Array(buf, o, len);
  const I = (o: number, len: number) => new Int32Array(buf, o, len);
  const U = (o: number, len: number) => new Uint8Array(buf, o, len);
  const H = (o: number, len: number) => new Uint16Array(buf, o, len);
  return {
    n,
    maxRows,
    activeStake: F(at.activeStake, n),
    recentlyRegistered: U(at.recentlyRegistered, n),
    rowOf: I(at.rowOf, n),
    permitKeys: F(at.permitKeys, n),
    colA: F(at.colA, n),
    colB: F(at.colB, n),
    colC: F(at.colC, n),
    colD: F(at.colD, n),
    weightsNorm: F(at.weightsNorm, matrix),
    ema: F(at.ema, matrix),
    medianRow: I(at.medianRow, n),
    medianStake: F(at.medianStake, n),
    medianScore: F(at.medianScore, MEDIAN_GATHER_BLOCK * n),
    medianA: I(at.medianA, n),
    medianB: I(at.medianB, n),
    medianC: I(at.medianC, n),
    medianD: I(at.medianD, n),
    medianBelow: F(at.medianBelow, n),
    medianUpto: F(at.medianUpto, n),
    medianCertified: U(at.medianCertified, n),
    nearGuess: F(at.nearGuess, 3),
    bondsIn: F(at.bondsIn, matrix),
    stored: F(at.stored, matrix),
    bondsInU16: H(at.bondsInU16, matrix),
    storedU16: H(at.storedU16, matrix),
    weightsInU16: H(at.weightsInU16, matrix),
    rowStake: F(at.rowStake, maxRows),
    rowSum: F(at.rowSum, maxRows),
    rowTrust: F(at.rowTrust, maxRows),
    rowDividend: F(at.rowDividend, maxRows),
    storeRow: U(at.storeRow, maxRows),
    colConsensus: F(at.colConsensus, n),
    colRanks: F(at.colRanks, n),
    colRegisteredAt: F(at.colRegisteredAt, n),
    colLastUpdate: F(at.colLastUpdate, n),
    colPermit: U(at.colPermit, n),
    colStakeRao: F(at.colStakeRao, n),
    colActive: U(at.colActive, n),
    colStake: F(at.colStake, n),
    colNewPermit: U(at.colNewPermit, n),
    colTrust: F(at.colTrust, n),
    colIncentive: F(at.colIncentive, n),
    colDividends: F(at.colDividends, n),
    colServerShare: F(at.colServerShare, n),
    colValidatorShare: F(at.colValidatorShare, n),
    colServerRao: F(at.colServerRao, n),
    colValidatorRao: F(at.colValidatorRao, n),
    scalars: F(at.scalars, SCALAR_SLOTS),
    rowUid: I(at.rowUid, maxRows),
    rowKind: U(at.rowKind, maxRows),
    rowCertify: U(at.rowCertify, maxRows),
    rowDivisor: F(at.rowDivisor, maxRows),
    rowLastUpdate: F(at.rowLastUpdate, maxRows),
    rowParticipantStake: F(at.rowParticipantStake, maxRows),
    pow2of64th: F(at.pow2of64th, POW2_64TH.length),
    prefixViews: [null, null],
    prefixViewsU16: [null],
    passes,
  };
}

export function createYumaEpochResult(n: number, maxRows: number = n): YumaEpochResult {
  checkSize(n, maxRows);
  return {
    stake: new Float64Array(n),
    active: new Uint8Array(n),
    validatorPermit: new Uint8Array(n),
    consensus: new Float64Array(n),
    validatorTrust: new Float64Array(n),
    incentive: new Float64Array(n),
    dividends: new Float64Array(n),
    serverShare: new Float64Array(n),
    validatorShare: new Float64Array(n),
    serverEmissionRao: new Float64Array(n),
    validatorEmissionRao: new Float64Array(n),
    bonds: new Float64Array(maxRows * n),
    bondsRowAction: new Uint8Array(maxRows),
  };
}

function checkSize(n: number, maxRows: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 65536) throw new RangeError('YUMA_BAD_N');
  if (!Number.isInteger(maxRows) || maxRows < 0 || maxRows > n) throw new RangeError('YUMA_BAD_MAX_ROWS');
}
