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
 * caller takes deltaSum = ranks.
 */
export function clipTrustRanks(
  wn: usize, bonds: usize, rowStake: usize, consensus: usize, penalty: f64,
  rowTrust: usize, ranks: usize, deltaSum: usize, bondSum: usize, wbOut: usize, rows: i32, n: i32,
): void {
  const even = n - (n & 1);
  const penaltyOne = penalty == 1;
  const penaltyZero = penalty == 0;
  const pv = f64x2.splat(penalty);
  const withBonds = bonds != 0;
  for (let r = 0; r < rows; r++) {
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
      const w = load<f64>(wn + base + o);
      const c = load<f64>(consensus + o);
      const k = c < w ? c : w;
      t0 += k;
      store<f64>(ranks + o, load<f64>(ranks + o) + sr * k);
      if (withBonds) store<f64>(bondSum + o, load<f64>(bondSum + o) + load<f64>(bonds + base + o));
      store<f64>(wbOut + base + o, penaltyOne ? k : penaltyZero ? w : w + penalty * (k - w));
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
}

/**
 * The classic EMA before its column normalization: E = wb * s_r * deltaScale + B * bondScale;
 * per row d_r = sum_j E * incFactor (even and odd apart), the column maxima of E, and E itself
 * into `stored` on rows whose flag is 1.
 */
export function classicEma(
  wb: usize, bonds: usize, rowStake: usize, deltaScale: usize, bondScale: usize, incFactor: usize,
  storeRow: usize, emaMax: usize, rowDividend: usize, stored: usize, rows: i32, n: i32,
): void {
  const even = n - (n & 1);
  for (let r = 0; r < rows; r++) {
    const base = <usize>(r * n) << 3;
    const sr = load<f64>(at(rowStake, r));
    const s = f64x2.splat(sr);
    const keep = load<u8>(storeRow + <usize>r) == 1;
    let d = f64x2.splat(0);
    for (let j = 0; j < even; j += 2) {
      const o = (<usize>j) << 3;
      const e = f64x2.add(
        f64x2.mul(f64x2.mul(v128.load(wb + base + o), s), v128.load(deltaScale + o)),
        f64x2.mul(v128.load(bonds + base + o), v128.load(bondScale + o)),
      );
      if (keep) v128.store(stored + base + o, e);
      d = f64x2.add(d, f64x2.mul(e, v128.load(incFactor + o)));
      const m = v128.load(emaMax + o);
      v128.store(emaMax + o, v128.bitselect(e, m, f64x2.gt(e, m)));
    }
    let d0 = f64x2.extract_lane(d, 0);
    const d1 = f64x2.extract_lane(d, 1);
    if (even < n) {
      const o = (<usize>even) << 3;
      const e = load<f64>(wb + base + o) * sr * load<f64>(deltaScale + o) + load<f64>(bonds + base + o) * load<f64>(bondScale + o);
      if (keep) store<f64>(stored + base + o, e);
      d0 += e * load<f64>(incFactor + o);
      const m = load<f64>(emaMax + o);
      store<f64>(emaMax + o, e > m ? e : m);
    }
    store<f64>(at(rowDividend, r), d0 + d1);
  }
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
