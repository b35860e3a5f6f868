/**
 * The kernel's row-major passes compiled to WebAssembly with 128-bit SIMD (two float64 columns
 * per instruction): passes.wasm, built from asm/yuma-passes.ts by `npm run build:wasm`. Each
 * pass computes, lane for lane, what the TypeScript pass it replaced did (which already summed
 * even and odd columns apart), with the same IEEE operations in the same order, so results are
 * bit for bit the same on every machine; WebAssembly has no fast-math and no fused multiply-add
 * here. Measured on the 64-of-256 shape: about twice the TypeScript pass's speed (docs/yuma.md).
 */
import { compileWasm, instantiateWasm, pagesFor, WASM_MAX_PAGES, type WasmMemory } from '../wasm/index.ts';

/**
 * Slots of the workspace's `scalars` array, where the passes read their float parameters (a
 * float passed as an argument to a generic JS-to-WebAssembly call is boxed: an allocation).
 * The same numbers as the S_ constants of asm/yuma-passes.ts.
 */
export const S_PENALTY = 0;
export const S_ALPHA_LOW = 1;
export const S_ALPHA_HIGH = 2;
export const S_SIGMOID_SCALE = 3;
export const S_EMA_ALPHA = 4;
export const S_MINORITY = 5;
export const S_EPS = 6;
export const S_DELTA = 7;
export const S_STAKE_SUM = 8;
/** kappa in; whether a guess was given, the sum of the misses |median - guess| and their count out (`weightsAndCertify`, `uncertifiedMedians`). */
export const S_KAPPA = 9;
export const S_GUESSED = 10;
export const S_MISS_SUM = 11;
export const S_MISSED = 12;
/** The prologue's inputs (`epochPrologue`): activity cutoff, block, last tempo, stake threshold, the number of permits. */
export const S_ACTIVITY_CUTOFF = 13;
export const S_BLOCK = 14;
export const S_LAST_TEMPO = 15;
export const S_STAKE_THRESHOLD = 64;
export const S_MAX_VALIDATORS = 65;
/** The epoch's emission in rao (`emissionSplit`). */
export const S_EMISSION = 66;
/** Where the passes keep the vector constants they write at their start (passes.wasm reads them in its loops). */
export const S_VECTORS = 16;
export const SCALAR_SLOTS = 72;
/** Columns whose scores `uncertifiedMedians` gathers together (GATHER_BLOCK in asm/yuma-passes.ts): the workspace's median scores hold this many columns. */
export const MEDIAN_GATHER_BLOCK = 8;

/** The exports of passes.wasm; pointers are byte offsets into the instance's memory. */
export interface YumaPasses {
  readonly memory: WasmMemory;
  clipTrustRanks(
    wn: number, bonds: number, rowStake: number, consensus: number, scalars: number,
    rowTrust: number, ranks: number, deltaSum: number, bondSum: number, wbOut: number, rows: number, n: number,
  ): void;
  classicEma(
    wb: number, bonds: number, rowStake: number, deltaScale: number, bondScale: number, incFactor: number,
    storeRow: number, emaMax: number, rowDividend: number, stored: number, rows: number, n: number,
  ): void;
  divideRowsByColumn(storeRow: number, colMax: number, stored: number, rows: number, n: number): void;
  liquidEma(
    ema: number, bonds: number, consensus: number, keep: number, scalars: number,
    pow2of64th: number, emaSum: number, rows: number, n: number,
  ): void;
  fixedEma(ema: number, bonds: number, keep: number, scalars: number, emaSum: number, rows: number, n: number): void;
  rowDotColumn(ema: number, incFactor: number, rowSum: number, rows: number, n: number): void;
  divideRows(
    weights: number, wn: number, rows: number, n: number, rowKind: number, rowCertify: number,
    rowDivisor: number, rowStake: number, rowLu: number, guess: number, below: number, upto: number, registeredAt: number,
  ): void;
  /** The per-uid first steps (rowOf, masks, stake, the permits' hint check, active stake); 1: bad rows, 2: permits need the selection (asm/yuma-passes.ts). */
  epochPrologue(
    n: number, rows: number, rowUid: number, rowOf: number, scalars: number, lastUpdate: number, registeredAt: number, stakeRao: number,
    oldPermit: number, active: number, recentlyRegistered: number, stake: number, keys: number, newPermit: number, activeStake: number,
  ): number;
  /** Classic bonds and dividends from the rows' stake to the column maxima (asm/yuma-passes.ts; bonds.ts calls it). */
  classicBondsDividends(
    n: number, rows: number, rowUid: number, activeStake: number, newPermit: number, recentlyRegistered: number, consensus: number,
    scalars: number, wn: number, bondsIn: number, bondsU16: number, rowStake: number, storeRow: number, rowTrust: number, ranks: number,
    colA: number, colB: number, colC: number, colD: number, ema: number, stored: number, rowDividend: number,
    trust: number, incentive: number, dividends: number,
  ): void;
  /** Dividends normalized, emission shares and rao paid, as emission.ts states them. */
  emissionSplit(
    n: number, incentive: number, dividends: number, stake: number, activeStake: number, scalars: number,
    serverShare: number, validatorShare: number, server: number, validator: number,
  ): void;
  /** Participants, row sums, the weights pass and the guess's certification; returns m (see asm/yuma-passes.ts). */
  weightsAndCertify(
    n: number, rows: number, activeStake: number, rowOf: number, rowUid: number, lastUpdate: number, permit: number, registeredAt: number,
    weights: number, scalars: number, medianRow: number, medianStake: number, rowLu: number, rowSum: number, rowKind: number,
    rowCertify: number, rowDivisor: number, rowStake: number, guess: number, below: number, upto: number, certified: number,
  ): number;
  uncertifiedMedians(
    n: number, certified: number, wn: number, rowOffset: number, guessed: number, guess: number, below: number, upto: number,
    scalars: number, stake: number, score: number, m: number, a: number, b: number, c: number, d: number, out: number,
  ): void;
  quantizeRowsU16(storeRow: number, b: number, rows: number, n: number): void;
  /** dst (f64, rows x n) = src (u16) / 65535, exactly, without a division; with bondSum (not 0) also its column sums, row by row. */
  widenU16(src: number, dst: number, bondSum: number, rows: number, n: number): void;
  /** The u16 quantizeRowsU16 stores, written as u16 to out (b is left as it is). */
  quantizeRowsToU16(storeRow: number, b: number, out: number, rows: number, n: number): void;
  /** divideRowsByColumn then quantizeRowsToU16 in one pass (stored is not written). */
  divideRowsByColumnToU16(storeRow: number, colMax: number, stored: number, out: number, rows: number, n: number): void;
  /** dst (f64) = src (u16), exactly, for len elements: the chain's u16 weights widened. */
  widenWeightsU16(src: number, dst: number, len: number): void;
  maskedRowSums(weights: number, rows: number, n: number, rowUid: number, rowLu: number, registeredAt: number, out: number): void;
  /** For the tests: the partition search and the search near a guess on one column, the vector exp on two values. */
  weightedMedian(stake: number, score: number, m: number, minority: number, stakeSum: number, a: number, b: number, c: number): number;
  nearGuessMedian(
    j: number, guess: number, below: number, upto: number, minority: number, eps: number, delta: number,
    stake: number, score: number, m: number, a: number, b: number, c: number, d: number,
  ): number;
  expPair(x0: number, x1: number, scalars: number, pow2of64th: number, out: number): void;
}

let compiled: object | undefined;
function passesModule(): object {
  compiled ??= compileWasm(new URL('./passes.wasm', import.meta.url));
  return compiled;
}

/**
 * Byte offsets for the arrays of one workspace: each aligned to 16 bytes (one SIMD vector), the
 * first at 16 so that offset 0 can mean "no array" to a pass.
 */
export class PassesLayout {
  private end = 16;
  take(length: number, bytesPerElement: number): number {
    const at = this.end;
    this.end = Math.ceil((at + length * bytesPerElement) / 16) * 16;
    return at;
  }
  bytes(): number {
    return this.end;
  }
}

/** A new instance of the passes over a fresh zeroed memory of at least `bytes` bytes. */
export function instantiatePasses(bytes: number): YumaPasses {
  const pages = pagesFor(bytes);
  if (pages > WASM_MAX_PAGES) throw new RangeError(`YUMA_WORKSPACE_TOO_LARGE: ${bytes} bytes of scratch, past the 4 GiB one workspace can address`);
  const { exports, memory } = instantiateWasm(passesModule(), pages);
  return { ...(exports as unknown as Omit<YumaPasses, 'memory'>), memory };
}
