// The honest validators' weight rows in WebAssembly (src/agents/rows.ts loads rows.wasm, built from
// this file by `npm run build:wasm`). One row of miners lo..hi-1, as src/agents/validators.ts
// defines it: x_j = q_j + noise * z_j, v_j = max(0, x_j), stored as the chain stores weights,
// max-upscaled to u16. The same IEEE operations in the same order as the TypeScript definition
// (WebAssembly has no fast-math and no fused multiply-add), so the row is the same on every machine.

const TABLE_MASK: i32 = 65535;

/**
 * Writes out[lo..hi) (u16) for the run of miners lo..hi-1: z_j = table[at_j] (f32), at_{lo} =
 * (start + (lo + 1) * stride) mod 2^16, stepping by stride; x_j = q_j + noise * z_j; v_j = x_j when
 * 0 < x_j, else +0 (f64x2.pmax(0, x): -0 and NaN give +0), kept in xs[j]; then, with max the
 * largest v_j, u_j = round(v_j * (65535 / max)) ties to even, or round((v_j / max) * 65535) when
 * 65535 / max overflows (a subnormal max); all zeros when max is 0 or infinite. noise is
 * scalars[0] (a float argument would be boxed by the JS-to-WebAssembly call). Writes nothing
 * outside [lo, hi) of xs and out. Four weights a step, without a branch.
 */
export function honestRunU16(table: usize, q: usize, xs: usize, out: usize, lo: i32, hi: i32, start: i32, stride: i32, scalars: usize): void {
  const noise = load<f64>(scalars);
  const nv = f64x2.splat(noise);
  const zero = f64x2.splat(0);
  let at = (start + (lo + 1) * stride) & TABLE_MASK;
  // Four weights a step, their table indices at + k * stride (mod 2^16, as stepping k times):
  // one add and one mask a step carry from one step to the next, not four.
  const s2 = 2 * stride;
  const s3 = 3 * stride;
  const s4 = 4 * stride;
  let mv0 = f64x2.splat(0);
  let mv1 = f64x2.splat(0);
  let j = lo;
  for (; j + 4 <= hi; j += 4) {
    const a1 = (at + stride) & TABLE_MASK;
    const a2 = (at + s2) & TABLE_MASK;
    const a3 = (at + s3) & TABLE_MASK;
    const z01 = f64x2.promote_low_f32x4(v128.load32_lane(table + ((<usize>a1) << 2), v128.load32_zero(table + ((<usize>at) << 2)), 1));
    const z23 = f64x2.promote_low_f32x4(v128.load32_lane(table + ((<usize>a3) << 2), v128.load32_zero(table + ((<usize>a2) << 2)), 1));
    at = (at + s4) & TABLE_MASK;
    const p = q + ((<usize>j) << 3);
    const x01 = f64x2.add(v128.load(p), f64x2.mul(nv, z01));
    const x23 = f64x2.add(v128.load(p + 16), f64x2.mul(nv, z23));
    const v01 = f64x2.pmax(zero, x01);
    const v23 = f64x2.pmax(zero, x23);
    const o = xs + ((<usize>j) << 3);
    v128.store(o, v01);
    v128.store(o + 16, v23);
    mv0 = f64x2.pmax(mv0, v01);
    mv1 = f64x2.pmax(mv1, v23);
  }
  const mv = f64x2.pmax(mv0, mv1);
  let m0 = f64x2.extract_lane(mv, 0);
  const m1 = f64x2.extract_lane(mv, 1);
  for (; j < hi; j++) {
    const z = <f64>load<f32>(table + ((<usize>at) << 2));
    at = (at + stride) & TABLE_MASK;
    const x = load<f64>(q + ((<usize>j) << 3)) + noise * z;
    const v = x > 0 ? x : 0;
    store<f64>(xs + ((<usize>j) << 3), v);
    if (v > m0) m0 = v;
  }
  const max = m1 > m0 ? m1 : m0;
  if (!(max > 0 && max < Infinity)) {
    for (let k = lo; k < hi; k++) store<u16>(out + ((<usize>k) << 1), 0);
    return;
  }
  const scale = 65535 / max;
  if (!(scale < Infinity)) {
    for (let k = lo; k < hi; k++) {
      store<u16>(out + ((<usize>k) << 1), <u16>(<u32>nearest<f64>((load<f64>(xs + ((<usize>k) << 3)) / max) * 65535)));
    }
    return;
  }
  // Four weights a step: v * scale + 2^52 rounds the product to an integer, ties to even (as
  // f64.nearest), and for a product in [0, 65535.5) that integer is the low 16 bits of the sum's
  // bits; one shuffle gathers the four low halves into four u16.
  const s = f64x2.splat(scale);
  const two52 = f64x2.splat(4503599627370496.0);
  let k = lo;
  for (; k + 4 <= hi; k += 4) {
    const p = xs + ((<usize>k) << 3);
    const a = f64x2.add(f64x2.mul(v128.load(p), s), two52);
    const b = f64x2.add(f64x2.mul(v128.load(p + 16), s), two52);
    v128.store64_lane(out + ((<usize>k) << 1), i8x16.shuffle(a, b, 0, 1, 8, 9, 16, 17, 24, 25, 0, 1, 8, 9, 16, 17, 24, 25), 0);
  }
  for (; k < hi; k++) {
    store<u16>(out + ((<usize>k) << 1), <u16>(<u32>nearest<f64>(load<f64>(xs + ((<usize>k) << 3)) * scale)));
  }
}
