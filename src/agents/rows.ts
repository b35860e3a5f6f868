/**
 * The honest validators' run of miners in WebAssembly: rows.wasm, built from asm/agents-rows.ts
 * by `npm run build:wasm` (test/yuma/wasm-build.test.ts checks the committed bytes against a
 * rebuild). The row is the one `writeHonestRow` defines; in TypeScript the max-upscale to u16 cost
 * ~1.5 ns a weight (a bounds-checked float-to-int store), more than the float row itself, while
 * here the rounding runs four weights a vector. One instance per thread, over its own memory: the
 * shared normal table (copied in when the run's table changes), the subnet's miner quality (copied
 * in when its stamp changes), the row's floats and the u16 row, which is copied out to the
 * caller's matrix.
 */
import { compileWasm, instantiateWasm, pagesFor } from '../wasm/index.ts';
import { NORMAL_TABLE_SIZE } from './rng.ts';

interface RowsExports {
  honestRunU16(table: number, q: number, xs: number, out: number, lo: number, hi: number, start: number, stride: number, scalars: number): void;
}

interface RowsInstance {
  /** Uids the arrays below hold. */
  cap: number;
  run: RowsExports['honestRunU16'];
  scalars: Float64Array;
  table: Float32Array;
  q: Float64Array;
  xs: Float64Array;
  out: Uint16Array;
  /** The normal table and the miner quality (with its stamp) last copied in; null: none. */
  tableFrom: Float32Array | null;
  qFrom: Float64Array | null;
  qStamp: number;
  /** A view of out[lo, hi) as last made (the copy out), and its bounds. */
  outView: Uint16Array;
  outLo: number;
  outHi: number;
}

let compiled: object | undefined;
let instance: RowsInstance | undefined;

function instantiate(cap: number): RowsInstance {
  compiled ??= compileWasm(new URL('./rows.wasm', import.meta.url));
  // scalars (16 bytes at 16), the table (f32), q and xs (f64), out (u16): each 16-byte aligned.
  const scalarsAt = 16;
  const tableAt = 32;
  const qAt = tableAt + 4 * NORMAL_TABLE_SIZE;
  const xsAt = qAt + 8 * cap;
  const outAt = xsAt + 8 * cap;
  const bytes = outAt + 2 * cap + 16;
  const { exports: e, memory } = instantiateWasm(compiled, pagesFor(bytes));
  const exports = e as RowsExports;
  const buf = memory.buffer;
  const out = new Uint16Array(buf, outAt, cap);
  return {
    cap,
    run: exports.honestRunU16,
    scalars: new Float64Array(buf, scalarsAt, 2),
    table: new Float32Array(buf, tableAt, NORMAL_TABLE_SIZE),
    q: new Float64Array(buf, qAt, cap),
    xs: new Float64Array(buf, xsAt, cap),
    out,
    tableFrom: null,
    qFrom: null,
    qStamp: Number.NaN,
    outView: out.subarray(0, 0),
    outLo: 0,
    outHi: 0,
  };
}

/** The instance, with room for n uids (made again, larger, when a subnet outgrows it: at events only). */
function rowsFor(n: number): RowsInstance {
  if (instance === undefined || instance.cap < n) instance = instantiate(Math.max(256, n));
  return instance;
}

/**
 * w[offset + lo .. offset + hi) = the honest row of the miners lo..hi-1 (asm/agents-rows.ts
 * `honestRunU16`), from the table index `start` and the odd `stride`. `q` (length >= hi) is copied
 * in unless it is the array last copied under the same defined `qStamp` (a number its owner
 * renews whenever q may have changed; NaN: always copy).
 */
export function honestRunIntoU16(
  q: Float64Array,
  qStamp: number,
  normals: Float32Array,
  noise: number,
  start: number,
  stride: number,
  lo: number,
  hi: number,
  w: Uint16Array,
  offset: number,
): void {
  const r = rowsFor(q.length);
  if (r.tableFrom !== normals) {
    r.table.set(normals);
    r.tableFrom = normals;
  }
  if (r.qFrom !== q || r.qStamp !== qStamp || qStamp !== qStamp) {
    r.q.set(q);
    r.qFrom = q;
    r.qStamp = qStamp;
  }
  r.scalars[0] = noise;
  r.run(r.table.byteOffset, r.q.byteOffset, r.xs.byteOffset, r.out.byteOffset, lo, hi, start, stride, r.scalars.byteOffset);
  if (r.outLo !== lo || r.outHi !== hi) {
    r.outView = r.out.subarray(lo, hi);
    r.outLo = lo;
    r.outHi = hi;
  }
  w.set(r.outView, offset + lo);
}
