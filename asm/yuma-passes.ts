// AssemblyScript source of src/yuma/passes.wasm: the Yuma kernel's row-major passes over
// rows x n matrices, two columns per f64x2 vector. Build with `npm run build:wasm`; the test
// test/yuma/wasm-build.test.ts rebuilds it and checks the committed binary is this source's.
//
// Every pass does, lane for lane, the arithmetic of the TypeScript pass it replaced (which
// already summed even and odd columns apart): the same operations on the same operands in the
// same order, so the results are the same bits. No fused multiply-add exists in this SIMD set.
// Arguments are byte offsets into the memory the workspace gives the instance; nothing is
// allocated.

// @ts-nocheck: AssemblyScript, not TypeScript (its own types: f64, usize, v128).
//
// Float arguments come through memory (the workspace's `scalars`, slots below), not as call
// arguments: a float passed from JavaScript to a call that V8 does not compile specially (each
// workspace has its own instance, so a call site serving two workspaces is generic) is boxed,
// an allocation per call.

const S_PENALTY = 0;
const S_ALPHA_LOW = 1;
const S_ALPHA_HIGH = 2;
const S_SIGMOID_SCALE = 3;
const S_EMA_ALPHA = 4;
const S_MINORITY = 5;
const S_EPS = 6;
const S_DELTA = 7;
const S_STAKE_SUM = 8;
const S_KAPPA = 9;
const S_GUESSED = 10;
const S_MISS_SUM = 11;
const S_MISSED = 12;
const S_ACTIVITY_CUTOFF = 13;
const S_BLOCK = 14;
const S_LAST_TEMPO = 15;
// Slots past the vector constants (S_VECTORS + 48 = 64 onwards).
const S_STAKE_THRESHOLD = 64;
const S_MAX_VALIDATORS = 65;
const S_EMISSION = 66;
// Slots S_VECTORS.. hold v128 constants a pass writes at its start and reads in its loop: V8
// rebuilds a constant vector in the loop each time it is used (three instructions), but folds a
// load into the instruction using it. Room for 24 vectors (48 slots; SCALAR_SLOTS is 64).
const S_VECTORS = 16;

@inline function scalar(scalars: usize, slot: i32): f64 {
  return load<f64>(scalars + ((<usize>slot) << 3));
}

@inline function at(p: usize, i: i32): usize {
  return p + ((<usize>i) << 3);
}

/** min(c, w) per lane as the kernel's select: c where c < w, else w. */
@inline function clip2(c: v128, w: v128): v128 {
  return v128.bitselect(c, w, f64x2.lt(c, w));
}

/**
 * Clipped weights k = min(wn, c): per row trust t_r = sum_j k (even and odd columns summed
 * apart, then added), ranks_j += s_r k, bondSum_j += B_rj, and the weights for bonds wb = k at
 * penalty 1, wn at 0, wn + p (k - wn) otherwise. Without bonds (bonds = 0) bondSum is left
 * alone (Yuma3). When the penalty is not 1, deltaSum_j += wb * s_r after each row; at 1 the
 * caller takes deltaSum = ranks. Four rows at a time: each column's sums are loaded and stored
 * once for the four, and the four rows' terms added to them in row order (the same additions in
 * the same order as row by row, so the same bits); the rows left over go one at a time.
 */
export function clipTrustRanks(
  wn: usize, bonds: usize, rowStake: usize, consensus: usize, scalars: usize,
  rowTrust: usize, ranks: usize, deltaSum: usize, bondSum: usize, wbOut: usize, rows: i32, n: i32,
): void {
  const penalty = scalar(scalars, S_PENALTY);
  const penaltyOne = penalty == 1;
  const penaltyZero = penalty == 0;
  const withBonds = bonds != 0;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    if (withBonds) {
      if (penaltyOne) clipRows4(wn, bonds, rowStake, consensus, penalty, rowTrust, ranks, deltaSum, bondSum, wbOut, r, n, true, true, false);
      else if (penaltyZero) clipRows4(wn, bonds, rowStake, consensus, penalty, rowTrust, ranks, deltaSum, bondSum, wbOut, r, n, true, false, true);
      else clipRows4(wn, bonds, rowStake, consensus, penalty, rowTrust, ranks, deltaSum, bondSum, wbOut, r, n, true, false, false);
    } else {
      if (penaltyOne) clipRows4(wn, bonds, rowStake, consensus, penalty, rowTrust, ranks, deltaSum, bondSum, wbOut, r, n, false, true, false);
      else if (penaltyZero) clipRows4(wn, bonds, rowStake, consensus, penalty, rowTrust, ranks, deltaSum, bondSum, wbOut, r, n, false, false, true);
      else clipRows4(wn, bonds, rowStake, consensus, penalty, rowTrust, ranks, deltaSum, bondSum, wbOut, r, n, false, false, false);
    }
  }
  for (; r < rows; r++) clipRow(wn, bonds, rowStake, consensus, penalty, rowTrust, ranks, deltaSum, bondSum, wbOut, r, n);
}

/** wb from w and k = min(w, c): k at penalty 1, w at 0, w + p (k - w) otherwise (constants where inlined). */
@inline function weightForBonds(w: v128, k: v128, pv: v128, one: bool, zero: bool): v128 {
  return one ? k : zero ? w : f64x2.add(w, f64x2.mul(pv, f64x2.sub(k, w)));
}

/** `clipTrustRanks` on rows r .. r + 3 (the flags are constants where inlined). */
@inline function clipRows4(
  wn: usize, bonds: usize, rowStake: usize, consensus: usize, penalty: f64,
  rowTrust: usize, ranks: usize, deltaSum: usize, bondSum: usize, wbOut: usize, r: i32, n: i32,
  withBonds: bool, penaltyOne: bool, penaltyZero: bool,
): void {
  const even = n - (n & 1);
  const pv = f64x2.splat(penalty);
  const rowBytes = (<usize>n) << 3;
  const b0 = <usize>(r * n) << 3;
  const b1 = b0 + rowBytes;
  const b2 = b1 + rowBytes;
  const b3 = b2 + rowBytes;
  const s0 = load<f64>(at(rowStake, r));
  const s1 = load<f64>(at(rowStake, r + 1));
  const s2 = load<f64>(at(rowStake, r + 2));
  const s3 = load<f64>(at(rowStake, r + 3));
  const v0 = f64x2.splat(s0);
  const v1 = f64x2.splat(s1);
  const v2 = f64x2.splat(s2);
  const v3 = f64x2.splat(s3);
  let t0 = f64x2.splat(0);
  let t1 = f64x2.splat(0);
  let t2 = f64x2.splat(0);
  let t3 = f64x2.splat(0);
  for (let j = 0; j < even; j += 2) {
    const o = (<usize>j) << 3;
    const c = v128.load(consensus + o);
    const w0 = v128.load(wn + b0 + o);
    const w1 = v128.load(wn + b1 + o);
    const w2 = v128.load(wn + b2 + o);
    const w3 = v128.load(wn + b3 + o);
    const k0 = clip2(c, w0);
    const k1 = clip2(c, w1);
    const k2 = clip2(c, w2);
    const k3 = clip2(c, w3);
    t0 = f64x2.add(t0, k0);
    t1 = f64x2.add(t1, k1);
    t2 = f64x2.add(t2, k2);
    t3 = f64x2.add(t3, k3);
    let rk = v128.load(ranks + o);
    rk = f64x2.add(rk, f64x2.mul(v0, k0));
    rk = f64x2.add(rk, f64x2.mul(v1, k1));
    rk = f64x2.add(rk, f64x2.mul(v2, k2));
    rk = f64x2.add(rk, f64x2.mul(v3, k3));
    v128.store(ranks + o, rk);
    if (withBonds) {
      let bs = v128.load(bondSum + o);
      bs = f64x2.add(bs, v128.load(bonds + b0 + o));
      bs = f64x2.add(bs, v128.load(bonds + b1 + o));
      bs = f64x2.add(bs, v128.load(bonds + b2 + o));
      bs = f64x2.add(bs, v128.load(bonds + b3 + o));
      v128.store(bondSum + o, bs);
    }
    v128.store(wbOut + b0 + o, weightForBonds(w0, k0, pv, penaltyOne, penaltyZero));
    v128.store(wbOut + b1 + o, weightForBonds(w1, k1, pv, penaltyOne, penaltyZero));
    v128.store(wbOut + b2 + o, weightForBonds(w2, k2, pv, penaltyOne, penaltyZero));
    v128.store(wbOut + b3 + o, weightForBonds(w3, k3, pv, penaltyOne, penaltyZero));
  }
  let e0 = f64x2.extract_lane(t0, 0);
  let e1 = f64x2.extract_lane(t1, 0);
  let e2 = f64x2.extract_lane(t2, 0);
  let e3 = f64x2.extract_lane(t3, 0);
  if (even < n) {
    // The last column of an odd n, row by row (each row's scalar step, in row order).
    const o = (<usize>even) << 3;
    const c = load<f64>(consensus + o);
    e0 += clipTail(wn + b0 + o, c, s0, penalty, ranks + o, withBonds ? bonds + b0 + o : 0, bondSum + o, wbOut + b0 + o, penaltyOne, penaltyZero);
    e1 += clipTail(wn + b1 + o, c, s1, penalty, ranks + o, withBonds ? bonds + b1 + o : 0, bondSum + o, wbOut + b1 + o, penaltyOne, penaltyZero);
    e2 += clipTail(wn + b2 + o, c, s2, penalty, ranks + o, withBonds ? bonds + b2 + o : 0, bondSum + o, wbOut + b2 + o, penaltyOne, penaltyZero);
    e3 += clipTail(wn + b3 + o, c, s3, penalty, ranks + o, withBonds ? bonds + b3 + o : 0, bondSum + o, wbOut + b3 + o, penaltyOne, penaltyZero);
  }
  store<f64>(at(rowTrust, r), e0 + f64x2.extract_lane(t0, 1));
  store<f64>(at(rowTrust, r + 1), e1 + f64x2.extract_lane(t1, 1));
  store<f64>(at(rowTrust, r + 2), e2 + f64x2.extract_lane(t2, 1));
  store<f64>(at(rowTrust, r + 3), e3 + f64x2.extract_lane(t3, 1));
  if (!penaltyOne && deltaSum != 0) {
    for (let j = 0; j < even; j += 2) {
      const o = (<usize>j) << 3;
      let ds = v128.load(deltaSum + o);
      ds = f64x2.add(ds, f64x2.mul(v128.load(wbOut + b0 + o), v0));
      ds = f64x2.add(ds, f64x2.mul(v128.load(wbOut + b1 + o), v1));
      ds = f64x2.add(ds, f64x2.mul(v128.load(wbOut + b2 + o), v2));
      ds = f64x2.add(ds, f64x2.mul(v128.load(wbOut + b3 + o), v3));
      v128.store(deltaSum + o, ds);
    }
    if (even < n) {
      const o = (<usize>even) << 3;
      let ds = load<f64>(deltaSum + o);
      ds = ds + load<f64>(wbOut + b0 + o) * s0;
      ds = ds + load<f64>(wbOut + b1 + o) * s1;
      ds = ds + load<f64>(wbOut + b2 + o) * s2;
      ds = ds + load<f64>(wbOut + b3 + o) * s3;
      store<f64>(deltaSum + o, ds);
    }
  }
}

/** One row's step on the last column of an odd n (scalar): ranks, bond sum and wb; returns k. */
@inline function clipTail(
  w: usize, c: f64, sr: f64, penalty: f64, rank: usize, bond: usize, bondSum: usize, wbOut: usize, penaltyOne: bool, penaltyZero: bool,
): f64 {
  const x = load<f64>(w);
  const k = c < x ? c : x;
  store<f64>(rank, load<f64>(rank) + sr * k);
  if (bond != 0) store<f64>(bondSum, load<f64>(bondSum) + load<f64>(bond));
  store<f64>(wbOut, penaltyOne ? k : penaltyZero ? x : x + penalty * (k - x));
  return k;
}

/** `clipTrustRanks` on row r alone. */
@inline function clipRow(
  wn: usize, bonds: usize, rowStake: usize, consensus: usize, penalty: f64,
  rowTrust: usize, ranks: usize, deltaSum: usize, bondSum: usize, wbOut: usize, r: i32, n: i32,
): void {
  const even = n - (n & 1);
  const penaltyOne = penalty == 1;
  const penaltyZero = penalty == 0;
  const pv = f64x2.splat(penalty);
  const withBonds = bonds != 0;
  const base = <usize>(r * n) << 3;
  const sr = load<f64>(at(rowStake, r));
  const s = f64x2.splat(sr);
  let t = f64x2.splat(0);
  for (let j = 0; j < even; j += 2) {
    const o = (<usize>j) << 3;
    const w = v128.load(wn + base + o);
    const k = clip2(v128.load(consensus + o), w);
    t = f64x2.add(t, k);
    v128.store(ranks + o, f64x2.add(v128.load(ranks + o), f64x2.mul(s, k)));
    if (withBonds) v128.store(bondSum + o, f64x2.add(v128.load(bondSum + o), v128.load(bonds + base + o)));
    const wb = penaltyOne ? k : penaltyZero ? w : f64x2.add(w, f64x2.mul(pv, f64x2.sub(k, w)));
    v128.store(wbOut + base + o, wb);
  }
  let t0 = f64x2.extract_lane(t, 0);
  const t1 = f64x2.extract_lane(t, 1);
  if (even < n) {
    const o = (<usize>even) << 3;
    t0 += clipTail(wn + base + o, load<f64>(consensus + o), sr, penalty, ranks + o, withBonds ? bonds + base + o : 0, bondSum + o,
      wbOut + base + o, penaltyOne, penaltyZero);
  }
  store<f64>(at(rowTrust, r), t0 + t1);
  if (!penaltyOne && deltaSum != 0) {
    for (let j = 0; j < even; j += 2) {
      const o = (<usize>j) << 3;
      v128.store(deltaSum + o, f64x2.add(v128.load(deltaSum + o), f64x2.mul(v128.load(wbOut + base + o), s)));
    }
    if (even < n) {
      const o = (<usize>even) << 3;
      store<f64>(deltaSum + o, load<f64>(deltaSum + o) + load<f64>(wbOut + base + o) * sr);
    }
  }
}

/**
 * The classic EMA before its column normalization: E = wb * s_r * deltaScale + B * bondScale;
 * per row d_r = sum_j E * incFactor (even and odd apart), the column maxima of E, and E itself
 * into `stored` (every row: the caller reads only the rows whose flag is 1, so the others are
 * written without a test). Four rows at a time, each column's maximum loaded and stored once for
 * the four and taken in row order (the same steps as row by row); the rows left over one at a time.
 */
export function classicEma(
  wb: usize, bonds: usize, rowStake: usize, deltaScale: usize, bondScale: usize, incFactor: usize,
  storeRow: usize, emaMax: usize, rowDividend: usize, stored: usize, rows: i32, n: i32,
): void {
  const even = n - (n & 1);
  const rowBytes = (<usize>n) << 3;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const b0 = <usize>(r * n) << 3;
    const b1 = b0 + rowBytes;
    const b2 = b1 + rowBytes;
    const b3 = b2 + rowBytes;
    const s0 = load<f64>(at(rowStake, r));
    const s1 = load<f64>(at(rowStake, r + 1));
    const s2 = load<f64>(at(rowStake, r + 2));
    const s3 = load<f64>(at(rowStake, r + 3));
    const v0 = f64x2.splat(s0);
    const v1 = f64x2.splat(s1);
    const v2 = f64x2.splat(s2);
    const v3 = f64x2.splat(s3);
    let d0 = f64x2.splat(0);
    let d1 = f64x2.splat(0);
    let d2 = f64x2.splat(0);
    let d3 = f64x2.splat(0);
    for (let j = 0; j < even; j += 2) {
      const o = (<usize>j) << 3;
      const ds = v128.load(deltaScale + o);
      const bs = v128.load(bondScale + o);
      const inc = v128.load(incFactor + o);
      const e0 = f64x2.add(f64x2.mul(f64x2.mul(v128.load(wb + b0 + o), v0), ds), f64x2.mul(v128.load(bonds + b0 + o), bs));
      const e1 = f64x2.add(f64x2.mul(f64x2.mul(v128.load(wb + b1 + o), v1), ds), f64x2.mul(v128.load(bonds + b1 + o), bs));
      const e2 = f64x2.add(f64x2.mul(f64x2.mul(v128.load(wb + b2 + o), v2), ds), f64x2.mul(v128.load(bonds + b2 + o), bs));
      const e3 = f64x2.add(f64x2.mul(f64x2.mul(v128.load(wb + b3 + o), v3), ds), f64x2.mul(v128.load(bonds + b3 + o), bs));
      v128.store(stored + b0 + o, e0);
      v128.store(stored + b1 + o, e1);
      v128.store(stored + b2 + o, e2);
      v128.store(stored + b3 + o, e3);
      d0 = f64x2.add(d0, f64x2.mul(e0, inc));
      d1 = f64x2.add(d1, f64x2.mul(e1, inc));
      d2 = f64x2.add(d2, f64x2.mul(e2, inc));
      d3 = f64x2.add(d3, f64x2.mul(e3, inc));
      let m = v128.load(emaMax + o);
      m = v128.bitselect(e0, m, f64x2.gt(e0, m));
      m = v128.bitselect(e1, m, f64x2.gt(e1, m));
      m = v128.bitselect(e2, m, f64x2.gt(e2, m));
      m = v128.bitselect(e3, m, f64x2.gt(e3, m));
      v128.store(emaMax + o, m);
    }
    let x0 = f64x2.extract_lane(d0, 0);
    let x1 = f64x2.extract_lane(d1, 0);
    let x2 = f64x2.extract_lane(d2, 0);
    let x3 = f64x2.extract_lane(d3, 0);
    if (even < n) {
      const o = (<usize>even) << 3;
      x0 += emaTail(wb + b0 + o, bonds + b0 + o, s0, deltaScale + o, bondScale + o, incFactor + o, emaMax + o, stored + b0 + o);
      x1 += emaTail(wb + b1 + o, bonds + b1 + o, s1, deltaScale + o, bondScale + o, incFactor + o, emaMax + o, stored + b1 + o);
      x2 += emaTail(wb + b2 + o, bonds + b2 + o, s2, deltaScale + o, bondScale + o, incFactor + o, emaMax + o, stored + b2 + o);
      x3 += emaTail(wb + b3 + o, bonds + b3 + o, s3, deltaScale + o, bondScale + o, incFactor + o, emaMax + o, stored + b3 + o);
    }
    store<f64>(at(rowDividend, r), x0 + f64x2.extract_lane(d0, 1));
    store<f64>(at(rowDividend, r + 1), x1 + f64x2.extract_lane(d1, 1));
    store<f64>(at(rowDividend, r + 2), x2 + f64x2.extract_lane(d2, 1));
    store<f64>(at(rowDividend, r + 3), x3 + f64x2.extract_lane(d3, 1));
  }
  for (; r < rows; r++) {
    const base = <usize>(r * n) << 3;
    const sr = load<f64>(at(rowStake, r));
    const s = f64x2.splat(sr);
    let d = f64x2.splat(0);
    for (let j = 0; j < even; j += 2) {
      const o = (<usize>j) << 3;
      const e = f64x2.add(
        f64x2.mul(f64x2.mul(v128.load(wb + base + o), s), v128.load(deltaScale + o)),
        f64x2.mul(v128.load(bonds + base + o), v128.load(bondScale + o)),
      );
      v128.store(stored + base + o, e);
      d = f64x2.add(d, f64x2.mul(e, v128.load(incFactor + o)));
      const m = v128.load(emaMax + o);
      v128.store(emaMax + o, v128.bitselect(e, m, f64x2.gt(e, m)));
    }
    let d0 = f64x2.extract_lane(d, 0);
    if (even < n) {
      const o = (<usize>even) << 3;
      d0 += emaTail(wb + base + o, bonds + base + o, sr, deltaScale + o, bondScale + o, incFactor + o, emaMax + o, stored + base + o);
    }
    store<f64>(at(rowDividend, r), d0 + f64x2.extract_lane(d, 1));
  }
}

/** One row's classic EMA step on the last column of an odd n (scalar): stores E, takes the maximum; returns E * incFactor. */
@inline function emaTail(wb: usize, bond: usize, sr: f64, deltaScale: usize, bondScale: usize, incFactor: usize, emaMax: usize, stored: usize): f64 {
  const e = load<f64>(wb) * sr * load<f64>(deltaScale) + load<f64>(bond) * load<f64>(bondScale);
  store<f64>(stored, e);
  const m = load<f64>(emaMax);
  store<f64>(emaMax, e > m ? e : m);
  return e * load<f64>(incFactor);
}

/** Rows whose flag is 1 divided by the column maxima (the caller has made zero maxima 1). */
export function divideRowsByColumn(storeRow: usize, colMax: usize, stored: usize, rows: i32, n: i32): void {
  const even = n - (n & 1);
  for (let r = 0; r < rows; r++) {
    if (load<u8>(storeRow + <usize>r) != 1) continue;
    const base = <usize>(r * n) << 3;
    for (let j = 0; j < even; j += 2) {
      const o = (<usize>j) << 3;
      v128.store(stored + base + o, f64x2.div(v128.load(stored + base + o), v128.load(colMax + o)));
    }
    if (even < n) {
      const o = (<usize>even) << 3;
      store<f64>(stored + base + o, load<f64>(stored + base + o) / load<f64>(colMax + o));
    }
  }
}

/** 0/1 per lane from a comparison mask (all ones or all zeros). */
@inline function flag2(mask: v128): v128 {
  return v128.and(mask, f64x2.splat(1));
}

/** 1.5 * 2^52: for |y| < 2^51, (y + ROUND_MAGIC) - ROUND_MAGIC is y rounded to the nearest integer (ties to even), exactly. */
const ROUND_MAGIC: f64 = 6755399441055744.0;

/** 2^e as a double built from its exponent bits, for |e| <= 1022. */
@inline function pow2i(e: i32): f64 {
  return reinterpret<f64>((<i64>(e + 1023)) << 52);
}

/**
 * exp(x) for x in [-20, 20] as the kernel's `expClamped`: k = round(x 64 / ln2) (ties to even,
 * by ROUND_MAGIC), r = x - k ln2 / 64, exp(r) by its Taylor series to r^5 (in Estrin's order),
 * times 2^(k & 63 / 64) 2^(k >> 6): the table pow2of64th and the kernel's table POW2, here from the bits.
 */
@inline function expClamped(x: f64, pow2of64th: usize): f64 {
  const kf = (x * 92.33248261689366 + ROUND_MAGIC) - ROUND_MAGIC;
  const k = <i32>kf;
  const r = x - kf * (0.6931471803691238 / 64) - kf * (1.9082149292705877e-10 / 64);
  const r2 = r * r;
  const p = (1 + r) + r2 * ((1.0 / 2 + r * (1.0 / 6)) + r2 * (1.0 / 24 + r * (1.0 / 120)));
  return p * (load<f64>(pow2of64th + ((<usize>(k & 63)) << 3)) * pow2i(k >> 6));
}

// The constants of `expClamped2`, at S_VECTORS (`writeExpConstants` puts them there).
const E_SCALE = 0; // 64 / ln2
const E_MAGIC = 16; // ROUND_MAGIC
const E_LN2_HI = 32;
const E_LN2_LO = 48;
const E_ONE = 64;
const E_C24 = 80; // 1/24
const E_C120 = 96; // 1/120
const E_C6 = 112; // 1/6
const E_C2 = 128; // 1/2
const E_BIAS = 144; // i64 1023 * 64: k + E_BIAS >= 0 for |k| <= 1847, so a logical shift is floor(k / 64) + 1023
const E_END = 160;

@inline function vectors(scalars: usize): usize {
  return scalars + ((<usize>S_VECTORS) << 3);
}

@inline function writeExpConstants(c: usize): void {
  v128.store(c + E_SCALE, f64x2.splat(92.33248261689366));
  v128.store(c + E_MAGIC, f64x2.splat(ROUND_MAGIC));
  v128.store(c + E_LN2_HI, f64x2.splat(0.6931471803691238 / 64));
  v128.store(c + E_LN2_LO, f64x2.splat(1.9082149292705877e-10 / 64));
  v128.store(c + E_ONE, f64x2.splat(1));
  v128.store(c + E_C24, f64x2.splat(1.0 / 24));
  v128.store(c + E_C120, f64x2.splat(1.0 / 120));
  v128.store(c + E_C6, f64x2.splat(1.0 / 6));
  v128.store(c + E_C2, f64x2.splat(1.0 / 2));
  v128.store(c + E_BIAS, i64x2.splat(1023 * 64));
}

/**
 * `expClamped` on both lanes, its constants read from c (`writeExpConstants`): the same
 * operations in the same order per lane. y + ROUND_MAGIC holds k in its low bits (its exponent
 * is that of 2^52, so one unit of its significand is 1), read as an integer by subtracting the
 * magic's bits; the read of 2^(i/64) per lane is a scalar load (there is no gather).
 */
@inline function expClamped2(x: v128, c: usize, pow2of64th: usize): v128 {
  const t = f64x2.add(f64x2.mul(x, v128.load(c + E_SCALE)), v128.load(c + E_MAGIC));
  const kf = f64x2.sub(t, v128.load(c + E_MAGIC));
  const ki = i64x2.sub(t, v128.load(c + E_MAGIC));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kf, v128.load(c + E_LN2_HI))), f64x2.mul(kf, v128.load(c + E_LN2_LO)));
  const one = v128.load(c + E_ONE);
  const r2 = f64x2.mul(r, r);
  const q1 = f64x2.add(one, r);
  const q2 = f64x2.add(v128.load(c + E_C2), f64x2.mul(r, v128.load(c + E_C6)));
  const q3 = f64x2.add(v128.load(c + E_C24), f64x2.mul(r, v128.load(c + E_C120)));
  const p = f64x2.add(q1, f64x2.mul(r2, f64x2.add(q2, f64x2.mul(r2, q3))));
  const k0 = <i32>i64x2.extract_lane(ki, 0);
  const k1 = <i32>i64x2.extract_lane(ki, 1);
  const fine = f64x2.replace_lane(f64x2.splat(load<f64>(pow2of64th + ((<usize>(k0 & 63)) << 3))), 1, load<f64>(pow2of64th + ((<usize>(k1 & 63)) << 3)));
  const coarse = i64x2.shl(i64x2.shr_u(i64x2.add(ki, v128.load(c + E_BIAS)), 6), 52);
  return f64x2.mul(p, f64x2.mul(fine, coarse));
}

/**
 * The liquid-alpha EMA in place over ema (which holds wb), as the kernel's `liquidEma`: per pair
 * b = B * keep_j, and where wb = b = 0 the result 0, else diff = clamp(w - c, 0, 1) when w >= b,
 * else clamp(b - w, 0, 1); a = clamp(low + (high - low) / (1 + exp(clamp(scale (diff - 0.5),
 * -20, 20))), low, high); ema = min((1 - a) b + max(a w, 0), 1); emaSum_j += ema.
 */
export function liquidEma(
  ema: usize, bonds: usize, consensus: usize, keep: usize, scalars: usize,
  pow2of64th: usize, emaSum: usize, rows: i32, n: i32,
): void {
  const low = scalar(scalars, S_ALPHA_LOW);
  const high = scalar(scalars, S_ALPHA_HIGH);
  const scale = scalar(scalars, S_SIGMOID_SCALE);
  const even = n - (n & 1);
  const cv = vectors(scalars);
  writeExpConstants(cv);
  v128.store(cv + E_END, f64x2.splat(0.5));
  v128.store(cv + E_END + 16, f64x2.splat(low));
  v128.store(cv + E_END + 32, f64x2.splat(high));
  v128.store(cv + E_END + 48, f64x2.splat(high - low));
  v128.store(cv + E_END + 64, f64x2.splat(scale));
  v128.store(cv + E_END + 80, f64x2.splat(20));
  v128.store(cv + E_END + 96, f64x2.splat(-20));
  // diff is in [0, 1], so fl(diff - 0.5) is in [-0.5, 0.5] and |fl(scale (diff - 0.5))| <= |scale| / 2
  // (rounding is monotone, and |scale| * 0.5 is exact): with |scale| <= 40 the clamp to [-20, 20]
  // changes nothing and is skipped (the branch goes the same way all pass).
  const clampX = Math.abs(scale) > 40;
  // With low <= high, low + (high - low) / (1 + e) >= low (a quotient >= 0 added; rounding is
  // monotone) and so is its min with high: the clamp from below changes nothing and is skipped.
  const ordered = low <= high;
  // keep_j is 1 on every column but those registered since the last epoch; where all are 1 the
  // product B * keep is B (B is finite) and is skipped.
  let allKept = true;
  for (let j = 0; j < n; j++) allKept = allKept && load<f64>(at(keep, j)) == 1;
  const zero = f64x2.splat(0);
  for (let r = 0; r < rows; r++) {
    const base = <usize>(r * n) << 3;
    for (let j = 0; j < even; j += 2) {
      const o = (<usize>j) << 3;
      const one = v128.load(cv + E_ONE);
      const c = v128.load(consensus + o);
      const w = v128.load(ema + base + o);
      const b = allKept ? v128.load(bonds + base + o) : f64x2.mul(v128.load(bonds + base + o), v128.load(keep + o));
      // buy (w >= b) picks w - c, else b - w: the TypeScript sum buy (w - c) + (1 - buy) (b - w)
      // adds a zero to the one it keeps, which changes no value here (neither is -0: w - c is
      // +0 when w = c, and b - w > 0 when b > w).
      const raw = v128.bitselect(f64x2.sub(w, c), f64x2.sub(b, w), f64x2.ge(w, b));
      // pmin / pmax (one instruction each) differ from min / max only on NaN, which cannot occur
      // here, and on the sign of a zero result, which no later step can see: diff only enters
      // diff - 0.5, x and a are clamped away from 0 or enter exp and products, and a zero
      // (1 - a) b + max(a w, 0) is +0 either way.
      const diff = f64x2.pmin(f64x2.pmax(raw, zero), one);
      let x = f64x2.mul(v128.load(cv + E_END + 64), f64x2.sub(diff, v128.load(cv + E_END)));
      if (clampX) x = f64x2.pmin(f64x2.pmax(x, v128.load(cv + E_END + 96)), v128.load(cv + E_END + 80));
      const lowV = v128.load(cv + E_END + 16);
      const e = expClamped2(x, cv, pow2of64th);
      let a = f64x2.pmin(f64x2.add(lowV, f64x2.div(v128.load(cv + E_END + 48), f64x2.add(one, e))), v128.load(cv + E_END + 32));
      if (!ordered) a = f64x2.pmax(a, lowV);
      // max(a w, 0) is a w: a >= low >= 0 and w >= 0, so a w is never below +0.
      const v = f64x2.pmin(f64x2.add(f64x2.mul(f64x2.sub(one, a), b), f64x2.mul(a, w)), one);
      // Where w = b = 0 this is already +0 (the chain skips the sigmoid there; the value is the same).
      v128.store(ema + base + o, v);
      v128.store(emaSum + o, f64x2.add(v128.load(emaSum + o), v));
    }
    if (even < n) {
      const o = (<usize>even) << 3;
      const c = load<f64>(consensus + o);
      const w = load<f64>(ema + base + o);
      const b = load<f64>(bonds + base + o) * load<f64>(keep + o);
      let out: f64 = 0;
      if (!(w == 0 && b == 0)) {
        const buy: f64 = w >= b ? 1 : 0;
        const diff = Math.min(Math.max(buy * (w - c) + (1 - buy) * (b - w), 0), 1);
        const x = Math.min(Math.max(scale * (diff - 0.5), -20), 20);
        const a = Math.max(Math.min(low + (high - low) / (1 + expClamped(x, pow2of64th)), high), low);
        out = Math.min((1 - a) * b + Math.max(a * w, 0), 1);
      }
      store<f64>(ema + base + o, out);
      store<f64>(emaSum + o, load<f64>(emaSum + o) + out);
    }
  }
}

/** The fixed-alpha EMA in place over ema (which holds wb): ema = alpha wb + (1 - alpha) B keep_j; emaSum_j += ema. */
export function fixedEma(ema: usize, bonds: usize, keep: usize, scalars: usize, emaSum: usize, rows: i32, n: i32): void {
  const alpha = scalar(scalars, S_EMA_ALPHA);
  const even = n - (n & 1);
  const a = f64x2.splat(alpha);
  const oneMinusAlpha = 1 - alpha;
  const m = f64x2.splat(oneMinusAlpha);
  for (let r = 0; r < rows; r++) {
    const base = <usize>(r * n) << 3;
    for (let j = 0; j < even; j += 2) {
      const o = (<usize>j) << 3;
      const b = f64x2.mul(v128.load(bonds + base + o), v128.load(keep + o));
      const e = f64x2.add(f64x2.mul(a, v128.load(ema + base + o)), f64x2.mul(m, b));
      v128.store(ema + base + o, e);
      v128.store(emaSum + o, f64x2.add(v128.load(emaSum + o), e));
    }
    if (even < n) {
      const o = (<usize>even) << 3;
      const e = alpha * load<f64>(ema + base + o) + oneMinusAlpha * (load<f64>(bonds + base + o) * load<f64>(keep + o));
      store<f64>(ema + base + o, e);
      store<f64>(emaSum + o, load<f64>(emaSum + o) + e);
    }
  }
}

/** Per row sum_j ema * incFactor, even and odd columns apart, then added. */
export function rowDotColumn(ema: usize, incFactor: usize, rowSum: usize, rows: i32, n: i32): void {
  const even = n - (n & 1);
  for (let r = 0; r < rows; r++) {
    const base = <usize>(r * n) << 3;
    let t = f64x2.splat(0);
    for (let j = 0; j < even; j += 2) {
      const o = (<usize>j) << 3;
      t = f64x2.add(t, f64x2.mul(v128.load(ema + base + o), v128.load(incFactor + o)));
    }
    let t0 = f64x2.extract_lane(t, 0);
    const t1 = f64x2.extract_lane(t, 1);
    if (even < n) t0 += load<f64>(ema + base + ((<usize>even) << 3)) * load<f64>(incFactor + ((<usize>even) << 3));
    store<f64>(at(rowSum, r), t0 + t1);
  }
}

/** expClamped2 on (x0, x1), written to out[0..1]: exported for the tests, which compare it with the kernel's `expClamped`. */
export function expPair(x0: f64, x1: f64, scalars: usize, pow2of64th: usize, out: usize): void {
  const cv = vectors(scalars);
  writeExpConstants(cv);
  v128.store(out, expClamped2(f64x2.replace_lane(f64x2.splat(x0), 1, x1), cv, pow2of64th));
}

/**
 * One row of the masked, row-normalized weights: wn_j = (W_j masked) / divisor, where the mask
 * keeps W_j when lu > registeredAt_j (weights set after uid j registered: the chain's outdated
 * mask, a product by a 0/1 flag, exact for finite weights; skipped when `fresh`, the row's last
 * update following every registration, where the flag is 1 and the product W_j itself); the
 * diagonal comes in as +0 (`maskedRowSums` zeroed it) and leaves as +0 / divisor = +0. Where
 * `guess` is given (not 0), the certification sums of the consensus guess for this participant
 * of stake s: below_j += s where wn_j < guess_j, upto_j += s where wn_j <= guess_j. `src` and
 * `wn` point at the row.
 */
@inline function divideRow(
  src: usize, wn: usize, n: i32, divisor: f64, s: f64, guess: usize, below: usize, upto: usize, registeredAt: usize, lu: f64, fresh: bool,
): void {
  const even = n - (n & 1);
  const d = f64x2.splat(divisor);
  const sv = f64x2.splat(s);
  const luv = f64x2.splat(lu);
  for (let j = 0; j < even; j += 2) {
    const o = (<usize>j) << 3;
    const x = v128.load(src + o);
    const v = f64x2.div(fresh ? x : f64x2.mul(x, flag2(f64x2.gt(luv, v128.load(registeredAt + o)))), d);
    v128.store(wn + o, v);
    if (guess != 0) {
      const g = v128.load(guess + o);
      v128.store(below + o, f64x2.add(v128.load(below + o), f64x2.mul(sv, flag2(f64x2.lt(v, g)))));
      v128.store(upto + o, f64x2.add(v128.load(upto + o), f64x2.mul(sv, flag2(f64x2.le(v, g)))));
    }
  }
  if (even < n) divideTail(src, wn, even, divisor, s, guess, below, upto, registeredAt, lu);
}

/** `divideRow`'s step on column j alone (scalar; the last column of an odd n). */
@inline function divideTail(
  src: usize, wn: usize, j: i32, divisor: f64, s: f64, guess: usize, below: usize, upto: usize, registeredAt: usize, lu: f64,
): void {
  const o = (<usize>j) << 3;
  const v = (load<f64>(src + o) * (lu > load<f64>(registeredAt + o) ? 1 : 0)) / divisor;
  store<f64>(wn + o, v);
  if (guess != 0) {
    const g = load<f64>(guess + o);
    store<f64>(below + o, load<f64>(below + o) + s * (v < g ? 1 : 0));
    store<f64>(upto + o, load<f64>(upto + o) + s * (v <= g ? 1 : 0));
  }
}

/**
 * `divideRow` on the four rows from `src` (row stride n) with the guess's sums, the rows' terms
 * added to each column's sums in row order (the same additions as row by row), the sums loaded
 * and stored once for the four. The divisors, stakes and last updates come per row.
 */
@inline function divideRows4(
  src: usize, wn: usize, n: i32, r: i32, rowDivisor: usize, rowStake: usize, rowLu: usize,
  guess: usize, below: usize, upto: usize, registeredAt: usize, fresh: bool,
): void {
  const even = n - (n & 1);
  const rowBytes = (<usize>n) << 3;
  const b0 = (<usize>(r * n)) << 3;
  const b1 = b0 + rowBytes;
  const b2 = b1 + rowBytes;
  const b3 = b2 + rowBytes;
  const d0 = f64x2.splat(load<f64>(at(rowDivisor, r)));
  const d1 = f64x2.splat(load<f64>(at(rowDivisor, r + 1)));
  const d2 = f64x2.splat(load<f64>(at(rowDivisor, r + 2)));
  const d3 = f64x2.splat(load<f64>(at(rowDivisor, r + 3)));
  const s0 = f64x2.splat(load<f64>(at(rowStake, r)));
  const s1 = f64x2.splat(load<f64>(at(rowStake, r + 1)));
  const s2 = f64x2.splat(load<f64>(at(rowStake, r + 2)));
  const s3 = f64x2.splat(load<f64>(at(rowStake, r + 3)));
  const l0 = f64x2.splat(load<f64>(at(rowLu, r)));
  const l1 = f64x2.splat(load<f64>(at(rowLu, r + 1)));
  const l2 = f64x2.splat(load<f64>(at(rowLu, r + 2)));
  const l3 = f64x2.splat(load<f64>(at(rowLu, r + 3)));
  for (let j = 0; j < even; j += 2) {
    const o = (<usize>j) << 3;
    let x0 = v128.load(src + b0 + o);
    let x1 = v128.load(src + b1 + o);
    let x2 = v128.load(src + b2 + o);
    let x3 = v128.load(src + b3 + o);
    if (!fresh) {
      const reg = v128.load(registeredAt + o);
      x0 = f64x2.mul(x0, flag2(f64x2.gt(l0, reg)));
      x1 = f64x2.mul(x1, flag2(f64x2.gt(l1, reg)));
      x2 = f64x2.mul(x2, flag2(f64x2.gt(l2, reg)));
      x3 = f64x2.mul(x3, flag2(f64x2.gt(l3, reg)));
    }
    const v0 = f64x2.div(x0, d0);
    const v1 = f64x2.div(x1, d1);
    const v2 = f64x2.div(x2, d2);
    const v3 = f64x2.div(x3, d3);
    v128.store(wn + b0 + o, v0);
    v128.store(wn + b1 + o, v1);
    v128.store(wn + b2 + o, v2);
    v128.store(wn + b3 + o, v3);
    const g = v128.load(guess + o);
    let bl = v128.load(below + o);
    bl = f64x2.add(bl, f64x2.mul(s0, flag2(f64x2.lt(v0, g))));
    bl = f64x2.add(bl, f64x2.mul(s1, flag2(f64x2.lt(v1, g))));
    bl = f64x2.add(bl, f64x2.mul(s2, flag2(f64x2.lt(v2, g))));
    bl = f64x2.add(bl, f64x2.mul(s3, flag2(f64x2.lt(v3, g))));
    v128.store(below + o, bl);
    let up = v128.load(upto + o);
    up = f64x2.add(up, f64x2.mul(s0, flag2(f64x2.le(v0, g))));
    up = f64x2.add(up, f64x2.mul(s1, flag2(f64x2.le(v1, g))));
    up = f64x2.add(up, f64x2.mul(s2, flag2(f64x2.le(v2, g))));
    up = f64x2.add(up, f64x2.mul(s3, flag2(f64x2.le(v3, g))));
    v128.store(upto + o, up);
  }
  if (even < n) {
    for (let k = 0; k < 4; k++) {
      const base = b0 + (<usize>k) * rowBytes;
      divideTail(src + base, wn + base, even, load<f64>(at(rowDivisor, r + k)), load<f64>(at(rowStake, r + k)), guess, below, upto,
        registeredAt, load<f64>(at(rowLu, r + k)));
    }
  }
}

// The last `partitionRound`'s counts and stake sums (globals: a round has four results).
let roundLow = 0;
let roundHigh = 0;
let roundLowStake: f64 = 0;
let roundHighStake: f64 = 0;

/**
 * One round of the chain's mid-pivot partition over the indices cur[0 .. len): those scoring
 * below the pivot to `low`, above it to `high`, in order; their counts and stake sums (summed in
 * that order, adding s * 0 for the other side, which leaves the sums the same bits). With `fast`
 * (a constant where it is inlined) the sums are taken in two lanes and added at the end: the
 * same lists and counts, sums within (len + 2) 2^-50 stakeSum of the ordered ones, and no chain
 * of one addition per element to wait on. With `identity` (a constant too) the list is
 * 0 .. len - 1 and is not read: the scores and stakes are read two at a time in place.
 */
@inline function partitionRound(
  cur: usize, len: i32, pivot: f64, score: usize, stake: usize, low: usize, high: usize, fast: bool, identity: bool,
): void {
  let nLo = 0;
  let nHi = 0;
  let loStake: f64 = 0;
  let hiStake: f64 = 0;
  // Two indices per step: both comparisons as one vector each, the stakes masked by them, and the
  // sums still taken one element at a time in list order (lane 0, then lane 1).
  const pv = f64x2.splat(pivot);
  let accLo = f64x2.splat(0);
  let accHi = f64x2.splat(0);
  let q = 0;
  for (; q + 2 <= len; q += 2) {
    const p0 = identity ? q : load<i32>(cur + ((<usize>q) << 2));
    const p1 = identity ? q + 1 : load<i32>(cur + ((<usize>(q + 1)) << 2));
    const v = identity ? v128.load(at(score, q)) : v128.load64_lane(at(score, p1), v128.load64_zero(at(score, p0)), 1);
    const sv = identity ? v128.load(at(stake, q)) : v128.load64_lane(at(stake, p1), v128.load64_zero(at(stake, p0)), 1);
    const ltm = f64x2.lt(v, pv);
    const gtm = f64x2.gt(v, pv);
    const lts = v128.and(sv, ltm);
    const gts = v128.and(sv, gtm);
    const lb = i64x2.bitmask(ltm);
    const gb = i64x2.bitmask(gtm);
    store<i32>(low + ((<usize>nLo) << 2), p0);
    store<i32>(high + ((<usize>nHi) << 2), p0);
    nLo += lb & 1;
    nHi += gb & 1;
    store<i32>(low + ((<usize>nLo) << 2), p1);
    store<i32>(high + ((<usize>nHi) << 2), p1);
    nLo += lb >> 1;
    nHi += gb >> 1;
    if (fast) {
      accLo = f64x2.add(accLo, lts);
      accHi = f64x2.add(accHi, gts);
    } else {
      loStake = loStake + f64x2.extract_lane(lts, 0) + f64x2.extract_lane(lts, 1);
      hiStake = hiStake + f64x2.extract_lane(gts, 0) + f64x2.extract_lane(gts, 1);
    }
  }
  if (fast) {
    loStake = f64x2.extract_lane(accLo, 0) + f64x2.extract_lane(accLo, 1);
    hiStake = f64x2.extract_lane(accHi, 0) + f64x2.extract_lane(accHi, 1);
  }
  if (q < len) {
    const p = identity ? q : load<i32>(cur + ((<usize>q) << 2));
    const v = load<f64>(at(score, p));
    const s = load<f64>(at(stake, p));
    const lt = v < pivot;
    const gt = v > pivot;
    store<i32>(low + ((<usize>nLo) << 2), p);
    store<i32>(high + ((<usize>nHi) << 2), p);
    nLo += <i32>lt;
    nHi += <i32>gt;
    loStake += s * <f64>lt;
    hiStake += s * <f64>gt;
  }
  roundLow = nLo;
  roundHigh = nHi;
  roundLowStake = loStake;
  roundHighStake = hiStake;
}

/**
 * Stake-weighted median of one column by the chain's mid-pivot partition search, exactly as the
 * kernel's `weightedMedianOfColumn` (math.rs `weighted_median`): each round takes the score at
 * position len/2 as pivot, splits the rest into lower and upper keeping their order, sums their
 * stake in that order (adding s * 0 for the other half, which leaves the sums the same bits),
 * and descends into lower when minority < lo + loStake, into upper when hi - hiStake <= minority,
 * else answers the pivot. a, b, c: i32 scratch of length >= m.
 *
 * It first runs the search with the sums in two lanes (`partitionSearch` with fast = true),
 * which answers NaN unless each comparison it makes is certified to fall as the ordered sums'
 * would, and then the search itself only where it did.
 */
export function weightedMedian(stake: usize, score: usize, m: i32, minority: f64, stakeSum: f64, a: usize, b: usize, c: usize): f64 {
  const v = partitionSearch(stake, score, m, minority, stakeSum, a, b, c, true);
  return v == v ? v : partitionSearch(stake, score, m, minority, stakeSum, a, b, c, false);
}

/** median.ts NEAR_SECOND_BAND: the second band's far edge, in units of delta. */
const NEAR_SECOND_BAND: f64 = 4;

/** 2^-50: four units in the last place of 1. */
const ULP4: f64 = 8.881784197001252e-16;

/**
 * `weightedMedian`'s search. With `fast`, the stake sums are taken in two lanes (see
 * `partitionRound`), and lo and hi carry a bound err on their distance from the ordered search's:
 * a round's sums are within (len + 2) 2^-50 stakeSum of the ordered ones (two orders of the
 * same non-negative terms), an addition adds 2^-50 stakeSum at most (its rounding, with room),
 * and a comparison of minority with lo + loStake or hi - hiStake is used only when it is
 * farther from minority than that bound, where it falls as the ordered one does; otherwise NaN.
 * The lists, counts and pivots do not depend on the sums, so every step is the ordered search's
 * and so is the answer.
 */
@inline function partitionSearch(
  stake: usize, score: usize, m: i32, minority: f64, stakeSum: f64, a: usize, b: usize, c: usize, fast: bool,
): f64 {
  if (m == 0) return 0;
  if (m == 1) return load<f64>(score);
  // The first round over every participant in order (no list yet); then lists b (below the
  // pivot) and c (above) are the round's, and a is the spare; stake in [0, stakeSum].
  partitionRound(0, m, load<f64>(at(score, m >> 1)), score, stake, b, c, fast, true);
  const k = descendFrom(a, b, c, roundLow, roundHigh, roundLowStake, roundHighStake, m >> 1, 0, stakeSum, m, minority, score,
    stake, fast, stakeSum, m);
  if (k == -2) return NaN;
  // -1 is not reached (every step shrinks the list); the ordered reference answers 0 there too.
  return k < 0 ? 0 : load<f64>(at(score, k));
}

/**
 * The partition search's steps from one round's results on (lists `low` and `high` with their
 * counts and stake sums, the pivot's participant `pivotAt`, stake in [lo, hi], the round's
 * length): descend into lower when minority < lo + loStake, into upper when hi - hiStake <=
 * minority, else answer the pivot; partition the list descended into (`partitionRound`) and go
 * on. Returns the participant answered, -1 after maxRounds steps (not reached: each step
 * shrinks the list), and with `fast` -2 where a comparison is within the bound of the ordered
 * sums (err, grown each step by (len + 3) 2^-50 scale, where scale bounds every sum the search
 * forms; see `partitionSearch`).
 */
@inline function descendFrom(
  cur: usize, low: usize, high: usize, nLo: i32, nHi: i32, loStake: f64, hiStake: f64, pivotAt: i32,
  lo: f64, hi: f64, roundLen: i32, minority: f64, score: usize, stake: usize, fast: bool, scale: f64, maxRounds: i32,
): i32 {
  let err: f64 = 0;
  let pivot = pivotAt;
  for (let step = 1; step <= maxRounds; step++) {
    // The distance from the ordered search's values that this round's comparisons must clear.
    const margin = err + <f64>(roundLen + 3) * ULP4 * scale;
    const down = lo + loStake;
    if (fast && nLo > 0 && !(Math.abs(down - minority) > margin)) return -2;
    let len = 0;
    if (minority < down && nLo > 0) {
      const t = cur;
      cur = low;
      low = t;
      len = nLo;
      hi = down;
    } else {
      const up = hi - hiStake;
      if (fast && nHi > 0 && !(Math.abs(up - minority) > margin)) return -2;
      if (up <= minority && nHi > 0) {
        const t = cur;
        cur = high;
        high = t;
        len = nHi;
        lo = up;
      } else {
        return pivot;
      }
    }
    err = margin;
    if (len == 1) return load<i32>(cur);
    pivot = load<i32>(cur + ((<usize>(len >> 1)) << 2));
    partitionRound(cur, len, load<f64>(at(score, pivot)), score, stake, low, high, fast, false);
    roundLen = len;
    nLo = roundLow;
    nHi = roundHigh;
    loStake = roundLowStake;
    hiStake = roundHighStake;
  }
  return -1;
}

/**
 * The mid-pivot partition search over the candidates cur[0 .. len) with stake in [lo, hi], as in
 * `nearGuessSearch`: the index it answers, -1 when it runs out of rounds, and with `fast` (sums
 * in two lanes, see `partitionSearch`) -2 where a comparison is too close to the minority to be
 * certified. The bound on a sum's distance from the ordered one scales with |lo| + |hi|, which
 * bounds every partial sum of the candidates' stake and every bound the search forms.
 */
@inline function bandSearch(
  cur: usize, b: usize, c: usize, len: i32, lo: f64, hi: f64, minority: f64, score: usize, stake: usize, fast: bool,
): i32 {
  if (len == 1) return load<i32>(cur);
  const mid = load<i32>(cur + ((<usize>(len >> 1)) << 2));
  partitionRound(cur, len, load<f64>(at(score, mid)), score, stake, b, c, fast, false);
  return descendFrom(cur, b, c, roundLow, roundHigh, roundLowStake, roundHighStake, mid, lo, hi, len, minority, score, stake,
    fast, Math.abs(lo) + Math.abs(hi), len + 1);
}

/**
 * The kernel's `medianNearGuess` (see its comment for the proof), the same steps and the same
 * bits: the weighted median of column j whose guess g failed its certificate, searched among the
 * scores within delta of g on the median's side (or beyond, on that side), then certified with
 * eps from the guess's sums and the candidates (d keeps the candidates: the search reorders a, b, c). Returns the proven median, or NaN where none is proven (the caller runs `weightedMedian`).
 */
export function nearGuessMedian(
  j: i32, guess: usize, below: usize, upto: usize, minority: f64, eps: f64, delta: f64,
  stake: usize, score: usize, m: i32, a: usize, b: usize, c: usize, d: usize,
): f64 {
  return nearGuessSearch(j, guess, below, upto, minority, eps, delta, stake, score, m, a, b, c, d);
}

/** `nearGuessMedian`, inlined into `uncertifiedMedians`. */
@inline function nearGuessSearch(
  j: i32, guess: usize, below: usize, upto: usize, minority: f64, eps: f64, delta: f64,
  stake: usize, score: usize, m: i32, a: usize, b: usize, c: usize, d: usize,
): f64 {
  return searchNear(load<f64>(at(guess, j)), load<f64>(at(below, j)), load<f64>(at(upto, j)), minority, eps, delta, stake, score,
    m, a, b, c, d);
}

/** The search near the guess g, whose stake below and up to g are stakeBelowG and stakeUptoG. */
@inline function searchNear(
  g: f64, stakeBelowG: f64, stakeUptoG: f64, minority: f64, eps: f64, delta: f64,
  stake: usize, score: usize, m: i32, a: usize, b: usize, c: usize, d: usize,
): f64 {
  let direction: f64;
  if (stakeUptoG <= minority) direction = 1;
  else if (minority < stakeBelowG) direction = -1;
  else return NaN;
  // The band (0, delta] from g on the median's side, then where the median lies beyond it the
  // next band out (delta, NEAR_SECOND_BAND delta], then the rest (median.ts `medianNearGuess`).
  // Two participants per vector (the same operations per lane as one at a time); a band's stake
  // is summed in the same loop, in two lanes (even and odd participants, each in order: +0 for
  // those outside the band, which leaves a lane's sum the same bits), added after, then a last
  // odd participant (median.ts `laneSum`). [lo, hi]: the stake below and up to the band.
  let len = 0;
  const gv = f64x2.splat(g);
  const dirv = f64x2.splat(direction);
  let lo: f64 = 0;
  let hi: f64 = 0;
  let inBand = false;
  for (let band = 0; band < 3 && !inBand; band++) {
    const lowEdge: f64 = band == 0 ? 0 : band == 1 ? delta : NEAR_SECOND_BAND * delta;
    const highEdge: f64 = band == 0 ? delta : band == 1 ? NEAR_SECOND_BAND * delta : Infinity;
    const lowv = f64x2.splat(lowEdge);
    const highv = f64x2.splat(highEdge);
    len = 0;
    let acc = f64x2.splat(0);
    let p = 0;
    for (; p + 2 <= m; p += 2) {
      const dx = f64x2.mul(dirv, f64x2.sub(v128.load(at(score, p)), gv));
      const inside = v128.and(f64x2.gt(dx, lowv), f64x2.le(dx, highv));
      const bits = i64x2.bitmask(inside);
      const sv = v128.and(v128.load(at(stake, p)), inside);
      store<i32>(a + ((<usize>len) << 2), p);
      len += bits & 1;
      store<i32>(a + ((<usize>len) << 2), p + 1);
      len += bits >> 1;
      acc = f64x2.add(acc, sv);
    }
    let bandStake = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    if (p < m) {
      const dx = direction * (load<f64>(at(score, p)) - g);
      const inside = <i32>(dx > lowEdge) & <i32>(dx <= highEdge);
      store<i32>(a + ((<usize>len) << 2), p);
      len += inside;
      bandStake += load<f64>(at(stake, p)) * <f64>inside;
    }
    if (direction == 1) {
      lo = band == 0 ? stakeUptoG : hi;
      hi = lo + bandStake;
    } else {
      hi = band == 0 ? stakeBelowG : lo;
      lo = hi - bandStake;
    }
    inBand = lo <= minority && minority < hi;
  }
  if (!inBand) return NaN;
  // The stake on g's side of the band: the certificate's starting point.
  const base = direction == 1 ? lo : hi;
  if (len == 0) return NaN;
  for (let q = 0; q < len; q++) store<i32>(d + ((<usize>q) << 2), load<i32>(a + ((<usize>q) << 2)));
  const candidates = len;
  // The search with its sums in two lanes first (certified comparisons, as `weightedMedian`),
  // and where a comparison could not be certified, the ordered search over the candidates again.
  let found = bandSearch(a, b, c, len, lo, hi, minority, score, stake, true);
  if (found == -2) {
    for (let q = 0; q < candidates; q++) store<i32>(a + ((<usize>q) << 2), load<i32>(d + ((<usize>q) << 2)));
    found = bandSearch(a, b, c, candidates, lo, hi, minority, score, stake, false);
  }
  if (found < 0) return NaN;
  const v = load<f64>(at(score, found));
  // The candidates' stake below and up to v in two chains, even and odd list positions, added
  // after (as median.ts; any order serves the certificate): the two chains are the two lanes.
  if (direction == 1) candidateStakeTo(d, candidates, score, stake, v, true);
  else candidateStakeTo(d, candidates, score, stake, v, false);
  const nearE = f64x2.extract_lane(certNear, 0);
  const nearO = f64x2.extract_lane(certNear, 1);
  const strictE = f64x2.extract_lane(certStrict, 0);
  const strictO = f64x2.extract_lane(certStrict, 1);
  const near = nearE + nearO;
  const nearStrict = strictE + strictO;
  let stakeBelow: f64;
  let stakeUpto: f64;
  if (direction == 1) {
    stakeBelow = base + nearStrict;
    stakeUpto = base + near;
  } else {
    stakeBelow = base - nearStrict;
    stakeUpto = base - near;
  }
  if (!(stakeBelow <= minority - eps && minority + eps < stakeUpto)) return NaN;
  return v;
}

// `candidateStakeTo`'s two results: lane 0 sums the even list positions, lane 1 the odd ones.
let certNear: v128 = f64x2(0, 0);
let certStrict: v128 = f64x2(0, 0);

/**
 * The stake of the candidates d[0 .. count) at or past v (near: score <= v above g, > v below)
 * and strictly past it (strict: < v above, >= v below), `above` a constant where inlined: two
 * candidates per vector, each masked stake added to its lane, the last odd candidate to lane 0
 * (the same additions, in the same order per lane, as one chain per list parity of s * [test]:
 * a masked stake is +0, as s * 0 is).
 */
@inline function candidateStakeTo(d: usize, count: i32, score: usize, stake: usize, v: f64, above: bool): void {
  const vv = f64x2.splat(v);
  let near = f64x2.splat(0);
  let strict = f64x2.splat(0);
  let q = 0;
  for (; q + 1 < count; q += 2) {
    const p0 = load<i32>(d + ((<usize>q) << 2));
    const p1 = load<i32>(d + ((<usize>(q + 1)) << 2));
    const x = v128.load64_lane(at(score, p1), v128.load64_zero(at(score, p0)), 1);
    const sv = v128.load64_lane(at(stake, p1), v128.load64_zero(at(stake, p0)), 1);
    near = f64x2.add(near, v128.and(sv, above ? f64x2.le(x, vv) : f64x2.gt(x, vv)));
    strict = f64x2.add(strict, v128.and(sv, above ? f64x2.lt(x, vv) : f64x2.ge(x, vv)));
  }
  if (q < count) {
    const p0 = load<i32>(d + ((<usize>q) << 2));
    const x = v128.load64_zero(at(score, p0));
    const sv = v128.load64_zero(at(stake, p0));
    // Lane 1 of x and sv is 0: its test may hold, but its masked stake is +0 either way.
    near = f64x2.add(near, v128.and(sv, above ? f64x2.le(x, vv) : f64x2.gt(x, vv)));
    strict = f64x2.add(strict, v128.and(sv, above ? f64x2.lt(x, vv) : f64x2.ge(x, vv)));
  }
  certNear = near;
  certStrict = strict;
}

/** Participants sampled for a cold column's guess (`coldMedian`). */
const COLD_SAMPLE = 16;
/** Fewer participants than this: `coldMedian` gives up (the partition search alone is faster). */
const COLD_MIN = 128;

/**
 * The weighted median of a column without a guess (none given, or the first epoch), proven as
 * the search near a guess proves it, or NaN where it proves nothing (the caller then runs
 * `weightedMedian`). The guess is the weighted median of COLD_SAMPLE participants spread evenly
 * over the list (p = floor(k m / COLD_SAMPLE)), by the same partition search, for the minority
 * scaled to their stake; the width is an eighth of their scores' range. Then the stake below and
 * up to the guess over every participant (two lanes, as `divideRow` sums them: any order serves
 * the certificate, whose error bound counts (m + 1) 2^-53 for these sums): the guess itself is
 * answered where it passes the certificate (eps), else the search near it (`searchNear`).
 * Any guess gives the chain's answer or NaN; a good one makes the search cheap: the guess is
 * within a few hundredths of the column's range of the median on most columns, so the search
 * runs over the scores of one band, not over the whole column. a, b, c, d: i32 scratch of m.
 */
export function coldMedian(stake: usize, score: usize, m: i32, minority: f64, stakeSum: f64, eps: f64, a: usize, b: usize, c: usize, d: usize): f64 {
  return coldSearch(stake, score, m, minority, stakeSum, eps, a, b, c, d);
}

@inline function coldSearch(stake: usize, score: usize, m: i32, minority: f64, stakeSum: f64, eps: f64, a: usize, b: usize, c: usize, d: usize): f64 {
  if (m < COLD_MIN || !(stakeSum > 0)) return NaN;
  let sampleStake: f64 = 0;
  let least = Infinity;
  let most = -Infinity;
  for (let k = 0; k < COLD_SAMPLE; k++) {
    const p = (k * m) / COLD_SAMPLE;
    store<i32>(a + ((<usize>k) << 2), p);
    sampleStake += load<f64>(at(stake, p));
    const x = load<f64>(at(score, p));
    least = min(least, x);
    most = max(most, x);
  }
  if (!(sampleStake > 0)) return NaN;
  const found = bandSearch(a, b, c, COLD_SAMPLE, 0, sampleStake, minority * (sampleStake / stakeSum), score, stake, true);
  if (found < 0) return NaN;
  const g = load<f64>(at(score, found));
  const gv = f64x2.splat(g);
  // Four participants a step, in four lanes per sum (four chains of additions, not one).
  let accBelow = f64x2.splat(0);
  let accUpto = f64x2.splat(0);
  let accBelow2 = f64x2.splat(0);
  let accUpto2 = f64x2.splat(0);
  let p = 0;
  for (; p + 4 <= m; p += 4) {
    const x = v128.load(at(score, p));
    const sv = v128.load(at(stake, p));
    const x2 = v128.load(at(score, p + 2));
    const sv2 = v128.load(at(stake, p + 2));
    accBelow = f64x2.add(accBelow, v128.and(sv, f64x2.lt(x, gv)));
    accUpto = f64x2.add(accUpto, v128.and(sv, f64x2.le(x, gv)));
    accBelow2 = f64x2.add(accBelow2, v128.and(sv2, f64x2.lt(x2, gv)));
    accUpto2 = f64x2.add(accUpto2, v128.and(sv2, f64x2.le(x2, gv)));
  }
  accBelow = f64x2.add(accBelow, accBelow2);
  accUpto = f64x2.add(accUpto, accUpto2);
  let below = f64x2.extract_lane(accBelow, 0) + f64x2.extract_lane(accBelow, 1);
  let upto = f64x2.extract_lane(accUpto, 0) + f64x2.extract_lane(accUpto, 1);
  for (; p < m; p++) {
    const x = load<f64>(at(score, p));
    const sp = load<f64>(at(stake, p));
    below += sp * <f64>(x < g);
    upto += sp * <f64>(x <= g);
  }
  if (below <= minority - eps && minority + eps < upto) return g;
  const width = (most - least) / 8;
  return searchNear(g, below, upto, minority, eps, width > 0 ? width : Infinity, stake, score, m, a, b, c, d);
}

/** Columns gathered together by `uncertifiedMedians`: eight doubles, one 64-byte line of a row. */
const GATHER_BLOCK = 8;

/**
 * The scores of columns j0 .. j0 + width - 1 for the median, column j0 + k into scores + k m:
 * score_p = wn[rowOffset_p + j] for each participant p, 0 for a participant without a row
 * (rowOffset_p < 0; rowOffset holds r * n per participant, i32). Each participant's row is read
 * once for the block (one cache line), where a gather per column reads a line per column. A full
 * block goes two participants at a time: their eight scores as four vectors each, interleaved
 * into one vector (p, p + 1) per column (the same values moved, nothing computed).
 */
@inline function gatherBlock(wn: usize, rowOffset: usize, m: i32, j0: i32, width: i32, scores: usize): void {
  const stride = (<usize>m) << 3;
  let p = 0;
  if (width == GATHER_BLOCK) {
    const zero = f64x2.splat(0);
    for (; p + 2 <= m; p += 2) {
      const off0 = load<i32>(rowOffset + ((<usize>p) << 2));
      const off1 = load<i32>(rowOffset + ((<usize>(p + 1)) << 2));
      const src0 = at(wn, off0 + j0);
      const src1 = at(wn, off1 + j0);
      const a0 = off0 < 0 ? zero : v128.load(src0);
      const a1 = off0 < 0 ? zero : v128.load(src0, 16);
      const a2 = off0 < 0 ? zero : v128.load(src0, 32);
      const a3 = off0 < 0 ? zero : v128.load(src0, 48);
      const b0 = off1 < 0 ? zero : v128.load(src1);
      const b1 = off1 < 0 ? zero : v128.load(src1, 16);
      const b2 = off1 < 0 ? zero : v128.load(src1, 32);
      const b3 = off1 < 0 ? zero : v128.load(src1, 48);
      const dst = at(scores, p);
      v128.store(dst, v128.shuffle<f64>(a0, b0, 0, 2));
      v128.store(dst + stride, v128.shuffle<f64>(a0, b0, 1, 3));
      v128.store(dst + 2 * stride, v128.shuffle<f64>(a1, b1, 0, 2));
      v128.store(dst + 3 * stride, v128.shuffle<f64>(a1, b1, 1, 3));
      v128.store(dst + 4 * stride, v128.shuffle<f64>(a2, b2, 0, 2));
      v128.store(dst + 5 * stride, v128.shuffle<f64>(a2, b2, 1, 3));
      v128.store(dst + 6 * stride, v128.shuffle<f64>(a3, b3, 0, 2));
      v128.store(dst + 7 * stride, v128.shuffle<f64>(a3, b3, 1, 3));
    }
  }
  for (; p < m; p++) {
    const off = load<i32>(rowOffset + ((<usize>p) << 2));
    let dst = at(scores, p);
    if (off < 0) {
      for (let k = 0; k < width; k++) {
        store<f64>(dst, 0);
        dst += stride;
      }
    } else {
      const src = at(wn, off + j0);
      for (let k = 0; k < width; k++) {
        store<f64>(dst, load<f64>(src + ((<usize>k) << 3)));
        dst += stride;
      }
    }
  }
}

/**
 * The consensus of every column whose guess was not certified (certified_j != 1), written to
 * out_j: where a guess exists (guessed = 1, delta > 0 and the guess is not NaN) the search near
 * it (`nearGuessMedian`), else or where that proves nothing the chain's partition search
 * (`weightedMedian`). Columns go in blocks of GATHER_BLOCK, a block's scores gathered together
 * (`gatherBlock`) when any of its columns needs them; `scores` holds GATHER_BLOCK * m doubles.
 * `out` may be `guess` (each column's guess is read before its median is written). Where a
 * column had a guess (not NaN), |median - guess| is added up: the sum and the count of such
 * columns go to the scalars' S_MISS_SUM and S_MISSED (the next epoch's search width comes from
 * them). One call per epoch.
 */
export function uncertifiedMedians(
  n: i32, certified: usize, wn: usize, rowOffset: usize, guessed: i32, guess: usize, below: usize, upto: usize,
  scalars: usize, stake: usize, scores: usize, m: i32, a: usize, b: usize, c: usize, d: usize, out: usize,
): void {
  const minority = scalar(scalars, S_MINORITY);
  const eps = scalar(scalars, S_EPS);
  const delta = scalar(scalars, S_DELTA);
  const stakeSum = scalar(scalars, S_STAKE_SUM);
  let missSum: f64 = 0;
  let missed = 0;
  for (let j0 = 0; j0 < n; j0 += GATHER_BLOCK) {
    const width = min(GATHER_BLOCK, n - j0);
    let needed = false;
    for (let k = 0; k < width; k++) needed = needed || load<u8>(certified + <usize>(j0 + k)) != 1;
    if (!needed) continue;
    gatherBlock(wn, rowOffset, m, j0, width, scores);
    for (let k = 0; k < width; k++) {
      const j = j0 + k;
      if (load<u8>(certified + <usize>j) == 1) continue;
      const score = scores + (<usize>k) * ((<usize>m) << 3);
      const g = load<f64>(at(guess, j));
      let v: f64 = NaN;
      if (guessed != 0 && delta > 0 && g == g) {
        v = nearGuessSearch(j, guess, below, upto, minority, eps, delta, stake, score, m, a, b, c, d);
      } else {
        v = coldSearch(stake, score, m, minority, stakeSum, eps, a, b, c, d);
      }
      if (v != v) v = weightedMedian(stake, score, m, minority, stakeSum, a, b, c);
      store<f64>(at(out, j), v);
      if (g == g) {
        missSum += Math.abs(v - g);
        missed++;
      }
    }
  }
  store<f64>(scalars + ((<usize>S_MISS_SUM) << 3), missSum);
  store<f64>(scalars + ((<usize>S_MISSED) << 3), <f64>missed);
}

/**
 * The chain's u16 storage of the bond proportions on rows whose flag is 1, in place:
 * b <- floor(b * 65535) / 65535, clamped to [0, 65535] before the division; a zero stays the
 * zero it was (pmax keeps -0, floor keeps both). Bit for bit the adapter's quantizeBondsU16InPlace.
 */
export function quantizeRowsU16(storeRow: usize, b: usize, rows: i32, n: i32): void {
  const even = n - (n & 1);
  const scale = f64x2.splat(65535);
  const zero = f64x2.splat(0);
  for (let r = 0; r < rows; r++) {
    if (load<u8>(storeRow + <usize>r) != 1) continue;
    const base = <usize>(r * n) << 3;
    for (let j = 0; j < even; j += 2) {
      const o = base + ((<usize>j) << 3);
      const q = f64x2.pmax(f64x2.min(f64x2.floor(f64x2.mul(v128.load(b + o), scale)), scale), zero);
      v128.store(b + o, f64x2.div(q, scale));
    }
    if (even < n) {
      const o = base + ((<usize>even) << 3);
      const x = Math.floor(load<f64>(b + o) * 65535);
      const q = Math.min(x, 65535);
      store<f64>(b + o, (q < 0 ? 0 : q) / 65535);
    }
  }
}

/**
 * The weights pass over every compact row, in row order (so the certification sums add up in
 * the same order as row by row): per row r, with flags rowKind_r (0: the row's uid holds no
 * permit, its row is 0; 1: divide) and rowCertify_r (1: a participant whose sums count), the
 * row's divisor, stake and last update (the diagonal needs no mask: `maskedRowSums` has zeroed
 * it). A zero row still adds its participant's stake below and up to the guess where
 * 0 < guess and 0 <= guess. Four rows that all divide and all certify go together
 * (`divideRows4`); rows whose last update follows every registration skip the outdated mask.
 */
export function divideRows(
  weights: usize, wn: usize, rows: i32, n: i32, rowKind: usize, rowCertify: usize, rowDivisor: usize,
  rowStake: usize, rowLu: usize, guess: usize, below: usize, upto: usize, registeredAt: usize,
): void {
  let latest: f64 = -Infinity;
  for (let j = 0; j < n; j++) {
    const g = load<f64>(at(registeredAt, j));
    if (g > latest) latest = g;
  }
  let r = 0;
  while (r < rows) {
    if (r + 4 <= rows) {
      let together = true;
      let fresh = true;
      for (let k = 0; k < 4; k++) {
        together = together && load<u8>(rowKind + <usize>(r + k)) == 1 && load<u8>(rowCertify + <usize>(r + k)) == 1;
        fresh = fresh && load<f64>(at(rowLu, r + k)) > latest;
      }
      if (together) {
        if (fresh) divideRows4(weights, wn, n, r, rowDivisor, rowStake, rowLu, guess, below, upto, registeredAt, true);
        else divideRows4(weights, wn, n, r, rowDivisor, rowStake, rowLu, guess, below, upto, registeredAt, false);
        r += 4;
        continue;
      }
    }
    const base = <usize>(r * n) << 3;
    const certify = load<u8>(rowCertify + <usize>r) == 1;
    const s = load<f64>(at(rowStake, r));
    if (load<u8>(rowKind + <usize>r) == 0) {
      memory.fill(wn + base, 0, (<usize>n) << 3);
      if (certify) {
        for (let j = 0; j < n; j++) {
          const o = (<usize>j) << 3;
          const g = load<f64>(guess + o);
          store<f64>(below + o, load<f64>(below + o) + s * (0 < g ? 1 : 0));
          store<f64>(upto + o, load<f64>(upto + o) + s * (0 <= g ? 1 : 0));
        }
      }
    } else {
      const lu = load<f64>(at(rowLu, r));
      const divisor = load<f64>(at(rowDivisor, r));
      if (lu > latest) divideRow(weights + base, wn + base, n, divisor, s, certify ? guess : 0, below, upto, registeredAt, lu, true);
      else divideRow(weights + base, wn + base, n, divisor, s, certify ? guess : 0, below, upto, registeredAt, lu, false);
    }
    r++;
  }
}

/** 2^32: stakes are compared as the chain holds them, in I32F32 (`topKNonzeroPermits`). */
const TWO_POW_32: f64 = 4294967296;

/**
 * The first steps of `epoch_dense_mechanism` per uid, as the kernel's TypeScript did them
 * (stake.ts: the same operations in the same order, so the same bits), over the copies the
 * kernel makes of its per-uid inputs. Returns 1 where the rows are not strictly ascending uids
 * in [0, n) (nothing else is then written but rowOf), else 2 where the permits need the
 * selection (`topKNonzeroPermits`' hint did not hold: the caller selects), else 0.
 * - rowOf_u = the compact row of uid u, -1 without one.
 * - active_i = 0 where lastUpdate_i + activityCutoff < block (S_ACTIVITY_CUTOFF, S_BLOCK), else 1.
 * - recentlyRegistered_j = 1 where lastTempo (S_LAST_TEMPO) <= registeredAt_j.
 * - stake: stakeRao with amounts below the threshold (S_STAKE_THRESHOLD) as 0, added in order,
 *   divided by their sum when it is not 0.
 * - newPermit: comes in as the hint (the last epoch's permits); kept when it is exactly k
 *   (S_MAX_VALIDATORS) ones and zeros elsewhere, every one's key floor(s 2^32) n + i above every
 *   zero's and at least k keys non-zero; keys_i = that key.
 * - activeStake: stake where active and holding the previous permit, else 0, normalized as stake.
 */
export function epochPrologue(
  n: i32, rows: i32, rowUid: usize, rowOf: usize, scalars: usize, lastUpdate: usize, registeredAt: usize, stakeRao: usize,
  oldPermit: usize, active: usize, recentlyRegistered: usize, stake: usize, keys: usize, newPermit: usize, activeStake: usize,
): i32 {
  for (let i = 0; i < n; i++) store<i32>(rowOf + ((<usize>i) << 2), -1);
  let previous = -1;
  for (let r = 0; r < rows; r++) {
    const u = load<i32>(rowUid + ((<usize>r) << 2));
    if (!(u >= 0 && u < n) || u <= previous) return 1;
    store<i32>(rowOf + ((<usize>u) << 2), r);
    previous = u;
  }
  const cutoff = scalar(scalars, S_ACTIVITY_CUTOFF);
  const block = scalar(scalars, S_BLOCK);
  const lastTempo = scalar(scalars, S_LAST_TEMPO);
  const threshold = scalar(scalars, S_STAKE_THRESHOLD);
  for (let i = 0; i < n; i++) {
    store<u8>(active + <usize>i, load<f64>(at(lastUpdate, i)) + cutoff < block ? 0 : 1);
    store<u8>(recentlyRegistered + <usize>i, lastTempo <= load<f64>(at(registeredAt, i)) ? 1 : 0);
  }
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(at(stakeRao, i));
    const s = x < threshold ? 0 : x;
    store<f64>(at(stake, i), s);
    sum += s;
  }
  if (sum != 0) divideBy(stake, n, sum);
  const k = scalar(scalars, S_MAX_VALIDATORS);
  const nf = <f64>n;
  let nonzero: f64 = 0;
  let holders: f64 = 0;
  let hintValid = true;
  let minHeld: f64 = Infinity;
  let maxOther: f64 = -Infinity;
  for (let i = 0; i < n; i++) {
    const key = Math.floor(load<f64>(at(stake, i)) * TWO_POW_32);
    if (key != 0) nonzero++;
    const ranked = key * nf + <f64>i;
    store<f64>(at(keys, i), ranked);
    const h = load<u8>(newPermit + <usize>i);
    if (h == 1) {
      holders++;
      if (ranked < minHeld) minHeld = ranked;
    } else {
      if (h != 0) hintValid = false;
      if (ranked > maxOther) maxOther = ranked;
    }
  }
  let sumActive: f64 = 0;
  for (let i = 0; i < n; i++) {
    const s = load<u8>(active + <usize>i) == 1 && load<u8>(oldPermit + <usize>i) == 1 ? load<f64>(at(stake, i)) : 0;
    store<f64>(at(activeStake, i), s);
    sumActive += s;
  }
  if (sumActive != 0) divideBy(activeStake, n, sumActive);
  return hintValid && holders == k && nonzero >= k && minHeld > maxOther ? 0 : 2;
}

/** x_i / d for i < n, in place, two at a time (each quotient as the scalar division gives it). */
@inline function divideBy(x: usize, n: i32, d: f64): void {
  const dv = f64x2.splat(d);
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(at(x, i), f64x2.div(v128.load(at(x, i)), dv));
  if (i < n) store<f64>(at(x, i), load<f64>(at(x, i)) / d);
}

/**
 * Classic bonds and dividends between the weights pass and the bonds' storage, as the kernel's
 * TypeScript (bonds.ts `classicBondsAndDividends`) did them, the same operations in the same
 * order: per compact row its active stake and whether its bonds are stored (its uid holds a new
 * permit); with `bondsU16` (not 0) the u16 bonds widened into `bondsIn` with their column sums;
 * `clipTrustRanks` (penalty S_PENALTY); trust per uid (0 without a row); the incentive, the ranks
 * normalized (added in order, divided where the sum is not 0); per column
 * deltaScale = alpha / sum delta (alpha where 0, in colA), bondScale = (1 - alpha) / sum B
 * (1 - alpha where 0, 0 on recently registered columns, in colB) and incFactor = incentive over
 * the EMA's column sum alpha [delta != 0] + (1 - alpha) [B != 0] (colC); `classicEma` (alpha
 * S_EMA_ALPHA) with its column maxima in colD, a zero maximum made 1; dividends per uid (0
 * without a row), before their normalization.
 */
export function classicBondsDividends(
  n: i32, rows: i32, rowUid: usize, activeStake: usize, newPermit: usize, recentlyRegistered: usize, consensus: usize,
  scalars: usize, wn: usize, bondsIn: usize, bondsU16: usize, rowStake: usize, storeRow: usize, rowTrust: usize, ranks: usize,
  colA: usize, colB: usize, colC: usize, colD: usize, ema: usize, stored: usize, rowDividend: usize,
  trust: usize, incentive: usize, dividends: usize,
): void {
  const colBytes = (<usize>n) << 3;
  for (let r = 0; r < rows; r++) {
    const u = load<i32>(rowUid + ((<usize>r) << 2));
    store<f64>(at(rowStake, r), load<f64>(at(activeStake, u)));
    store<u8>(storeRow + <usize>r, load<u8>(newPermit + <usize>u) == 1 ? 1 : 0);
  }
  memory.fill(ranks, 0, colBytes);
  memory.fill(colA, 0, colBytes);
  memory.fill(colB, 0, colBytes);
  const penalty = scalar(scalars, S_PENALTY);
  const deltaSums = penalty != 1;
  if (bondsU16 != 0) widenU16(bondsU16, bondsIn, colB, rows, n);
  clipTrustRanks(wn, bondsU16 != 0 ? 0 : bondsIn, rowStake, consensus, scalars, rowTrust, ranks, deltaSums ? colA : 0, colB, ema, rows, n);
  memory.fill(trust, 0, colBytes);
  for (let r = 0; r < rows; r++) store<f64>(at(trust, load<i32>(rowUid + ((<usize>r) << 2))), load<f64>(at(rowTrust, r)));
  memory.copy(incentive, ranks, colBytes);
  if (!deltaSums) memory.copy(colA, ranks, colBytes);
  normalizeSum(incentive, n);
  const alpha = scalar(scalars, S_EMA_ALPHA);
  const oneMinusAlpha = 1 - alpha;
  for (let j = 0; j < n; j++) {
    const ds = load<f64>(at(colA, j));
    const recent = load<u8>(recentlyRegistered + <usize>j) != 0;
    const bs = recent ? 0 : load<f64>(at(colB, j));
    const emaSum = (ds != 0 ? alpha : 0) + (bs != 0 ? oneMinusAlpha : 0);
    store<f64>(at(colA, j), ds != 0 ? alpha / ds : alpha);
    store<f64>(at(colB, j), recent ? 0 : bs != 0 ? oneMinusAlpha / bs : oneMinusAlpha);
    const inc = load<f64>(at(incentive, j));
    store<f64>(at(colC, j), emaSum != 0 ? inc / emaSum : inc);
  }
  memory.fill(colD, 0, colBytes);
  classicEma(ema, bondsIn, rowStake, colA, colB, colC, storeRow, colD, rowDividend, stored, rows, n);
  memory.fill(dividends, 0, colBytes);
  for (let r = 0; r < rows; r++) store<f64>(at(dividends, load<i32>(rowUid + ((<usize>r) << 2))), load<f64>(at(rowDividend, r)));
  for (let j = 0; j < n; j++) if (load<f64>(at(colD, j)) == 0) store<f64>(at(colD, j), 1);
}

/** x normalized in place to sum 1 (its elements added in order; left as is when the sum is 0): `inplace_normalize`. */
@inline function normalizeSum(x: usize, n: i32): void {
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) sum += load<f64>(at(x, i));
  if (sum != 0) divideBy(x, n, sum);
}

/**
 * The end of the epoch, as emission.ts states it (the same operations in the same order): the
 * dividends normalized (`normalizeInPlace`), the emission shares (`emissionShares`: incentive
 * and dividends over their joint sum, or the fallback to the active stake, or the stake, when it
 * is 0) and the rao paid (`paidRao`: floor(share * emission), emission S_EMISSION, then any
 * excess over the emission taken off the largest amounts, the lowest uid first among equals).
 */
export function emissionSplit(
  n: i32, incentive: usize, dividends: usize, stake: usize, activeStake: usize, scalars: usize,
  serverShare: usize, validatorShare: usize, server: usize, validator: usize,
): void {
  normalizeSum(dividends, n);
  let total: f64 = 0;
  for (let i = 0; i < n; i++) total += load<f64>(at(incentive, i)) + load<f64>(at(dividends, i));
  const colBytes = (<usize>n) << 3;
  if (total != 0) {
    const tv = f64x2.splat(total);
    let i = 0;
    for (; i + 2 <= n; i += 2) {
      v128.store(at(serverShare, i), f64x2.div(v128.load(at(incentive, i)), tv));
      v128.store(at(validatorShare, i), f64x2.div(v128.load(at(dividends, i)), tv));
    }
    if (i < n) {
      store<f64>(at(serverShare, i), load<f64>(at(incentive, i)) / total);
      store<f64>(at(validatorShare, i), load<f64>(at(dividends, i)) / total);
    }
  } else {
    let activeSum: f64 = 0;
    for (let i = 0; i < n; i++) activeSum += load<f64>(at(activeStake, i));
    memory.copy(serverShare, incentive, colBytes);
    memory.copy(validatorShare, activeSum == 0 ? stake : activeStake, colBytes);
  }
  const emission = scalar(scalars, S_EMISSION);
  for (let i = 0; i < n; i++) {
    const s = Math.floor(load<f64>(at(serverShare, i)) * emission);
    const v = Math.floor(load<f64>(at(validatorShare, i)) * emission);
    store<f64>(at(server, i), s > 0 ? s : 0);
    store<f64>(at(validator, i), v > 0 ? v : 0);
  }
  let paid: f64 = 0;
  for (let i = 0; i < n; i++) paid += load<f64>(at(server, i)) + load<f64>(at(validator, i));
  let excess = paid - emission;
  while (excess > 0) {
    let best = -1;
    let bestAmount: f64 = 0;
    let inServer = true;
    for (let i = 0; i < n; i++) {
      const s = load<f64>(at(server, i));
      if (s > bestAmount) {
        best = i;
        bestAmount = s;
        inServer = true;
      }
      const v = load<f64>(at(validator, i));
      if (v > bestAmount) {
        best = i;
        bestAmount = v;
        inServer = false;
      }
    }
    if (best < 0) return;
    const take = excess < bestAmount ? excess : bestAmount;
    if (inServer) store<f64>(at(server, best), load<f64>(at(server, best)) - take);
    else store<f64>(at(validator, best), load<f64>(at(validator, best)) - take);
    excess -= take;
  }
}

/**
 * The weights and the certification of the consensus guess, from the participants to the
 * certified flags, as the kernel's TypeScript `weightsAndConsensus` did these steps (the same
 * operations in the same order, so the same bits); returns m, the number of participants.
 * - Participants: uids with active stake (activeStake_i > 0) in uid order, their row offset
 *   (r * n, -1 without a row) and stake divided by the active stake's sum (when not 0), added up
 *   in order to stakeSum; minority = stakeSum - kappa (S_KAPPA). S_MINORITY, S_STAKE_SUM, S_EPS
 *   are written; S_GUESSED is 1 where some guess (the consensus given, in `guess`) is not NaN
 *   and m > 0, else 0.
 * - Per compact row: its last update (lastUpdate of its uid), the masked row sums
 *   (`maskedRowSums`, which zeroes the diagonal), its divisor (the sum, or 1 where it is not
 *   positive), kind (1 where the uid holds a permit), participant stake and whether its
 *   certification sums count; then `divideRows` with below and upto starting at 0. The stake of
 *   participants without a row (rowless, added in participant order) counts below and up to
 *   each guess where 0 < guess and 0 <= guess.
 * - certified_j = 1 where below_j <= minority - eps and minority + eps < upto_j (see the kernel's
 *   `weightsAndConsensus`); without a guess every flag is 0 and `guess` is set to NaN; with no
 *   participant, `guess` is set to 0 (the consensus) and nothing else runs.
 */
export function weightsAndCertify(
  n: i32, rows: i32, activeStake: usize, rowOf: usize, rowUid: usize, lastUpdate: usize, permit: usize, registeredAt: usize,
  weights: usize, scalars: usize, medianRow: usize, medianStake: usize, rowLu: usize, rowSum: usize, rowKind: usize,
  rowCertify: usize, rowDivisor: usize, rowStake: usize, guess: usize, below: usize, upto: usize, certified: usize,
): i32 {
  let m = 0;
  let sum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const s = load<f64>(at(activeStake, i));
    if (s > 0) {
      const r = load<i32>(rowOf + ((<usize>i) << 2));
      store<i32>(medianRow + ((<usize>m) << 2), r < 0 ? -1 : r * n);
      store<f64>(at(medianStake, m), s);
      sum += s;
      m++;
    }
  }
  if (sum != 0) for (let q = 0; q < m; q++) store<f64>(at(medianStake, q), load<f64>(at(medianStake, q)) / sum);
  let stakeSum: f64 = 0;
  for (let q = 0; q < m; q++) stakeSum += load<f64>(at(medianStake, q));
  const minority = stakeSum - scalar(scalars, S_KAPPA);
  let guessed = false;
  if (m > 0) {
    for (let j = 0; j < n; j++) {
      const g = load<f64>(at(guess, j));
      if (g == g) {
        guessed = true;
        break;
      }
    }
  }
  store<f64>(scalars + ((<usize>S_MINORITY) << 3), minority);
  store<f64>(scalars + ((<usize>S_STAKE_SUM) << 3), stakeSum);
  store<f64>(scalars + ((<usize>S_GUESSED) << 3), guessed ? 1 : 0);
  memory.fill(below, 0, (<usize>n) << 3);
  memory.fill(upto, 0, (<usize>n) << 3);
  for (let r = 0; r < rows; r++) {
    store<f64>(at(rowLu, r), load<f64>(at(lastUpdate, load<i32>(rowUid + ((<usize>r) << 2)))));
  }
  maskedRowSums(weights, rows, n, rowUid, rowLu, registeredAt, rowSum);
  let q = 0;
  let rowless: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    // Participants before this row's uid have no row: they score 0 everywhere.
    while (q < m && load<i32>(medianRow + ((<usize>q) << 2)) < 0) rowless += load<f64>(at(medianStake, q++));
    const participant = q < m && load<i32>(medianRow + ((<usize>q) << 2)) == base;
    store<f64>(at(rowStake, r), participant ? load<f64>(at(medianStake, q++)) : 0);
    store<u8>(rowCertify + <usize>r, participant && guessed ? 1 : 0);
    store<u8>(rowKind + <usize>r, load<u8>(permit + <usize>load<i32>(rowUid + ((<usize>r) << 2))) == 1 ? 1 : 0);
    const rs = load<f64>(at(rowSum, r));
    store<f64>(at(rowDivisor, r), rs > 0 ? rs : 1); // x / 1 = x: a row summing to 0 is left as masked
  }
  divideRows(weights, weights, rows, n, rowKind, rowCertify, rowDivisor, rowStake, rowLu, guess, below, upto, registeredAt);
  while (q < m) rowless += load<f64>(at(medianStake, q++));
  if (m == 0) {
    memory.fill(guess, 0, (<usize>n) << 3);
    return 0;
  }
  const mf = <f64>m;
  const eps = (2 * mf * mf + 8 * mf + 16) * 1.1102230246251565e-16; // medianSumErrorBound(m), 2^-53
  store<f64>(scalars + ((<usize>S_EPS) << 3), eps);
  if (guessed) {
    const lowBound = minority - eps;
    const highBound = minority + eps;
    for (let j = 0; j < n; j++) {
      const g = load<f64>(at(guess, j));
      const b = load<f64>(at(below, j)) + (0 < g ? rowless : 0);
      const up = load<f64>(at(upto, j)) + (0 <= g ? rowless : 0);
      store<f64>(at(below, j), b);
      store<f64>(at(upto, j), up);
      store<u8>(certified + <usize>j, b <= lowBound && highBound < up ? 1 : 0);
    }
  } else {
    memory.fill(certified, 0, <usize>n);
    for (let j = 0; j < n; j++) store<f64>(at(guess, j), NaN);
  }
  return m;
}

/**
 * Per compact row r, the sum of its masked weights, as the kernel's `maskedRowSums` did it in
 * TypeScript: without the diagonal (column rowUid_r) and without the columns registered at or
 * after the row's last update rowLu_r (the outdated mask), added in column order (a masked term
 * adds +0, which leaves a sum of non-negative terms the same bits). The diagonal is first set to
 * +0 in place (`inplace_mask_diag`; `divideRows` then divides it to the +0 the chain's mask
 * leaves), so the sums add it as they add any column. Eight rows at a time, two per vector: eight
 * independent chains of additions, so the sum is not held to one addition's latency per element;
 * the rows left over four, two and one at a time. Rows whose last update follows every
 * registration skip the mask's test.
 */
export function maskedRowSums(weights: usize, rows: i32, n: i32, rowUid: usize, rowLu: usize, registeredAt: usize, out: usize): void {
  let latest: f64 = -Infinity;
  for (let j = 0; j < n; j++) {
    const g = load<f64>(at(registeredAt, j));
    if (g > latest) latest = g;
  }
  for (let r = 0; r < rows; r++) store<f64>(at(weights, r * n + load<i32>(rowUid + ((<usize>r) << 2))), 0);
  let r = 0;
  for (; r + 8 <= rows; r += 8) {
    let fresh = true;
    for (let k = 0; k < 8; k++) fresh = fresh && load<f64>(at(rowLu, r + k)) > latest;
    if (fresh) rowSums8(weights, r, n, rowLu, registeredAt, out, false);
    else rowSums8(weights, r, n, rowLu, registeredAt, out, true);
  }
  for (; r + 2 <= rows; r += 2) {
    const a = weights + ((<usize>(r * n)) << 3);
    const b = a + ((<usize>n) << 3);
    const lab = f64x2.replace_lane(f64x2.splat(load<f64>(at(rowLu, r))), 1, load<f64>(at(rowLu, r + 1)));
    let ab = f64x2.splat(0);
    for (let j = 0; j < n; j++) {
      const o = (<usize>j) << 3;
      const w = v128.load64_lane(b + o, v128.load64_zero(a + o), 1);
      ab = f64x2.add(ab, v128.and(w, f64x2.gt(lab, v128.load64_splat(registeredAt + o))));
    }
    store<f64>(at(out, r), f64x2.extract_lane(ab, 0));
    store<f64>(at(out, r + 1), f64x2.extract_lane(ab, 1));
  }
  for (; r < rows; r++) {
    const a = weights + ((<usize>(r * n)) << 3);
    const lu = load<f64>(at(rowLu, r));
    let sum: f64 = 0;
    for (let j = 0; j < n; j++) {
      const o = (<usize>j) << 3;
      sum += lu > load<f64>(registeredAt + o) ? load<f64>(a + o) : 0;
    }
    store<f64>(at(out, r), sum);
  }
}

/** Rows r .. r + 7 of `maskedRowSums` in four vectors (lanes: rows r, r + 1; r + 2, r + 3; ...), with the outdated mask where `masked`. */
@inline function rowSums8(weights: usize, r: i32, n: i32, rowLu: usize, registeredAt: usize, out: usize, masked: bool): void {
  const rowBytes = (<usize>n) << 3;
  const a = weights + ((<usize>(r * n)) << 3);
  const b = a + rowBytes;
  const c = b + rowBytes;
  const d = c + rowBytes;
  const e = d + rowBytes;
  const f = e + rowBytes;
  const g = f + rowBytes;
  const h = g + rowBytes;
  const lab = f64x2.replace_lane(f64x2.splat(load<f64>(at(rowLu, r))), 1, load<f64>(at(rowLu, r + 1)));
  const lcd = f64x2.replace_lane(f64x2.splat(load<f64>(at(rowLu, r + 2))), 1, load<f64>(at(rowLu, r + 3)));
  const lef = f64x2.replace_lane(f64x2.splat(load<f64>(at(rowLu, r + 4))), 1, load<f64>(at(rowLu, r + 5)));
  const lgh = f64x2.replace_lane(f64x2.splat(load<f64>(at(rowLu, r + 6))), 1, load<f64>(at(rowLu, r + 7)));
  let ab = f64x2.splat(0);
  let cd = f64x2.splat(0);
  let ef = f64x2.splat(0);
  let gh = f64x2.splat(0);
  for (let j = 0; j < n; j++) {
    const o = (<usize>j) << 3;
    let wab = v128.load64_lane(b + o, v128.load64_zero(a + o), 1);
    let wcd = v128.load64_lane(d + o, v128.load64_zero(c + o), 1);
    let wef = v128.load64_lane(f + o, v128.load64_zero(e + o), 1);
    let wgh = v128.load64_lane(h + o, v128.load64_zero(g + o), 1);
    if (masked) {
      const reg = v128.load64_splat(registeredAt + o);
      wab = v128.and(wab, f64x2.gt(lab, reg));
      wcd = v128.and(wcd, f64x2.gt(lcd, reg));
      wef = v128.and(wef, f64x2.gt(lef, reg));
      wgh = v128.and(wgh, f64x2.gt(lgh, reg));
    }
    ab = f64x2.add(ab, wab);
    cd = f64x2.add(cd, wcd);
    ef = f64x2.add(ef, wef);
    gh = f64x2.add(gh, wgh);
  }
  store<f64>(at(out, r), f64x2.extract_lane(ab, 0));
  store<f64>(at(out, r + 1), f64x2.extract_lane(ab, 1));
  store<f64>(at(out, r + 2), f64x2.extract_lane(cd, 0));
  store<f64>(at(out, r + 3), f64x2.extract_lane(cd, 1));
  store<f64>(at(out, r + 4), f64x2.extract_lane(ef, 0));
  store<f64>(at(out, r + 5), f64x2.extract_lane(ef, 1));
  store<f64>(at(out, r + 6), f64x2.extract_lane(gh, 0));
  store<f64>(at(out, r + 7), f64x2.extract_lane(gh, 1));
}

// The chain's u16 bonds (Bonds holds u16; the proportion is k / 65535), widened and narrowed in
// the workspace so that a subnet keeps its bonds between epochs as u16: a quarter of the bytes
// of float64 to copy in and out of its own (cache-cold) arrays.

/** 2^-16 + 2^-32 + 2^-48, exactly. */
const U16_C: f64 = 0.000015259021896696368;
/** fl(2^-48 / 65535). */
const U16_D: f64 = 5.421093581750974e-20;

/** 2^52: for an integer q in [0, 2^52), q + 2^52 is exact and holds q in its low mantissa bits. */
const TWO52: f64 = 4503599627370496.0;

/**
 * The u16 of two lanes (each an integer in [0, 65535], or -0) in the low 32 bits: the low 16 bits
 * of q + 2^52 per lane, gathered by one shuffle (cheaper than the saturating conversion).
 */
@inline function u16Pair(q: v128, two52: v128): v128 {
  const t = f64x2.add(q, two52);
  return i16x8.shuffle(t, t, 0, 4, 0, 4, 0, 4, 0, 4);
}

/**
 * The chain's u16 of a proportion b: clamp(floor(b * 65535), 0, 65535) per lane, as
 * `quantizeRowsU16` rounds it. pmin(x, 65535) (x where 65535 < x is false) is min(x, 65535) for
 * every x, NaN and -0 included, in one instruction where min takes several.
 */
@inline function u16Of(b: v128, scale: v128, zero: v128): v128 {
  return f64x2.pmax(f64x2.pmin(f64x2.floor(f64x2.mul(b, scale)), scale), zero);
}

@inline function u16OfScalar(b: f64): u16 {
  const q = Math.min(Math.floor(b * 65535), 65535);
  return <u16>(q > 0 ? <i32>q : 0);
}

/**
 * `quantizeRowsU16` kept as the u16 it stores: on rows whose flag is 1, out = the integer
 * clamp(floor(b * 65535), 0, 65535) (u16, row layout rows x n like b); b is not written. A
 * NaN would store 0 (the float path keeps NaN; bond proportions are never NaN).
 */
export function quantizeRowsToU16(storeRow: usize, b: usize, out: usize, rows: i32, n: i32): void {
  rowsToU16(storeRow, 0, b, out, rows, n, false);
}

/**
 * `divideRowsByColumn` then `quantizeRowsToU16` in one pass: on rows whose flag is 1, out = the
 * u16 of stored / colMax (the caller has made zero maxima 1); stored is not written.
 */
export function divideRowsByColumnToU16(storeRow: usize, colMax: usize, stored: usize, out: usize, rows: i32, n: i32): void {
  rowsToU16(storeRow, colMax, stored, out, rows, n, true);
}

/** The two passes above: b / colMax when `divide` (a constant where inlined), else b, stored as u16. */
@inline function rowsToU16(storeRow: usize, colMax: usize, b: usize, out: usize, rows: i32, n: i32, divide: bool): void {
  const even = n - (n & 1);
  const scale = f64x2.splat(65535);
  const zero = f64x2.splat(0);
  const two52 = f64x2.splat(TWO52);
  for (let r = 0; r < rows; r++) {
    if (load<u8>(storeRow + <usize>r) != 1) continue;
    const base = <usize>(r * n) << 3;
    const base16 = <usize>(r * n) << 1;
    for (let j = 0; j < even; j += 2) {
      const o = (<usize>j) << 3;
      const x = v128.load(b + base + o);
      const q = u16Of(divide ? f64x2.div(x, v128.load(colMax + o)) : x, scale, zero);
      v128.store32_lane(out + base16 + ((<usize>j) << 1), u16Pair(q, two52), 0);
    }
    if (even < n) {
      const o = (<usize>even) << 3;
      const x = load<f64>(b + base + o);
      store<u16>(out + base16 + ((<usize>even) << 1), u16OfScalar(divide ? x / load<f64>(colMax + o) : x));
    }
  }
}

/** Two widened pairs from four u16 at p (one 64-bit load): lanes 0-1 into lo, 2-3 into hi. */
@inline function widenQuad(p: usize, dst: usize, c: v128, d: v128, two52: v128): void {
  const w = i32x4.extend_low_i16x8_u(v128.load64_zero(p));
  const k0 = f64x2.sub(v128.or(i64x2.extend_low_i32x4_u(w), two52), two52);
  const k1 = f64x2.sub(v128.or(i64x2.extend_high_i32x4_u(w), two52), two52);
  v128.store(dst, f64x2.add(f64x2.mul(k0, c), f64x2.mul(k0, d)));
  v128.store(dst + 16, f64x2.add(f64x2.mul(k1, c), f64x2.mul(k1, d)));
}

/**
 * dst = k / 65535 for the u16 k at src (rows x n, both row-major), as k * C + k * D (no division):
 * 1 / 65535 = C + 2^-48 / 65535, and the two products and their sum round to the quotient's bits
 * for every k in [0, 65535] (test/yuma/bonds-u16.test.ts checks all 65,536). With bondSum (not 0),
 * also bondSum_j += dst_rj over the rows in order: the bond column sums `clipTrustRanks` adds when
 * given the float bonds, the same additions in the same order (the caller then gives it none).
 */
export function widenU16(src: usize, dst: usize, bondSum: usize, rows: i32, n: i32): void {
  const c = f64x2.splat(U16_C);
  const d = f64x2.splat(U16_D);
  const two52 = f64x2.splat(TWO52);
  const sums = bondSum != 0;
  const n4 = n - (n & 3);
  for (let r = 0; r < rows; r++) {
    const base = <usize>(r * n) << 3;
    const base16 = <usize>(r * n) << 1;
    let j = 0;
    for (; j < n4; j += 4) {
      const o = (<usize>j) << 3;
      widenQuad(src + base16 + ((<usize>j) << 1), dst + base + o, c, d, two52);
      if (sums) {
        v128.store(bondSum + o, f64x2.add(v128.load(bondSum + o), v128.load(dst + base + o)));
        v128.store(bondSum + o + 16, f64x2.add(v128.load(bondSum + o + 16), v128.load(dst + base + o + 16)));
      }
    }
    for (; j < n; j++) {
      const o = (<usize>j) << 3;
      const k = <f64>load<u16>(src + base16 + ((<usize>j) << 1));
      const b = k * U16_C + k * U16_D;
      store<f64>(dst + base + o, b);
      if (sums) store<f64>(bondSum + o, load<f64>(bondSum + o) + b);
    }
  }
}

/**
 * dst (f64) = src (u16) for len elements: the weights as the chain stores them (Weights holds u16,
 * set_weights max-upscales them), widened exactly for the float passes, four at a time (one
 * 64-bit load): each u16 k becomes the float 2^52 + k by its bits, minus 2^52, which is exact.
 */
export function widenWeightsU16(src: usize, dst: usize, len: i32): void {
  const two52 = f64x2.splat(TWO52);
  const len4 = len - (len & 3);
  let i = 0;
  for (; i < len4; i += 4) {
    const p = dst + ((<usize>i) << 3);
    const w = i32x4.extend_low_i16x8_u(v128.load64_zero(src + ((<usize>i) << 1)));
    v128.store(p, f64x2.sub(v128.or(i64x2.extend_low_i32x4_u(w), two52), two52));
    v128.store(p + 16, f64x2.sub(v128.or(i64x2.extend_high_i32x4_u(w), two52), two52));
  }
  for (; i < len; i++) store<f64>(dst + ((<usize>i) << 3), <f64>load<u16>(src + ((<usize>i) << 1)));
}
