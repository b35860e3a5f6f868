/**
 * writeHonestRow's loop in WebAssembly (src/agents/honestRows.as.ts, built to honestRows.wasm):
 * the same operations on the same operands, so the same bits, at about half the time of the
 * TypeScript loop (whose bounds checks and conversions were most of the validators' cost).
 *
 * One instance per thread, with its own memory: [normal table (float32) | noise | quality of
 * each uid | miner uids | the row]. The table is copied in when a row uses another table (a new
 * run), quality and miners when the view's `minersVersion` is not the one last copied (the
 * engine renews it whenever they may have changed); the row is copied out into the caller's w.
 */
import { readFileSync } from 'node:fs';
import { NORMAL_TABLE_SIZE } from './rng.ts';
import type { SubnetView } from './types.ts';

/** The part of the WebAssembly API used here (the project's TypeScript libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface RowExports {
  memory: WasmMemory;
  honestRow(normals: number, q: number, miners: number, count: number, scalars: number, start: number, stride: number, out: number, n: number): void;
}

const wasm = new WASM.Instance(new WASM.Module(readFileSync(new URL('./honestRows.wasm', import.meta.url))), {}).exports as unknown as RowExports;

const NORMALS_AT = 0;
const SCALARS_AT = NORMAL_TABLE_SIZE * 4;
const Q_AT = SCALARS_AT + 16;
const PAGE = 65_536;

/** The layout for up to `capacity` uids, and views of the memory (renewed when it grows). */
const mem = {
  capacity: 0,
  minersAt: 0,
  outAt: 0,
  f64: new Float64Array(0),
  f32: new Float32Array(0),
  i32: new Int32Array(0),
  /** The row as a view of length n (renewed when n changes). */
  row: new Float64Array(0),
  normals: null as Float32Array | null,
  minersVersion: -1,
};

function ensureCapacity(n: number): void {
  if (n <= mem.capacity) return;
  const capacity = Math.max(n, 2 * mem.capacity, 256);
  const minersAt = Q_AT + 8 * capacity;
  const outAt = minersAt + 8 * Math.ceil((4 * capacity) / 8);
  const bytes = outAt + 8 * capacity;
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
  const buf = wasm.memory.buffer;
  mem.capacity = capacity;
  mem.minersAt = minersAt;
  mem.outAt = outAt;
  mem.f64 = new Float64Array(buf);
  mem.f32 = new Float32Array(buf);
  mem.i32 = new Int32Array(buf);
  mem.row = new Float64Array(0);
  // The table stays at offset 0 across a grow; quality and miners moved.
  mem.minersVersion = -1;
}

/**
 * writeHonestRow's row for the given draws (start, odd stride): w[offset + j] = max(0, q_j +
 * noise * normals[(start + (j + 1) * stride) mod size]) for the view's miners j, 0 for other j.
 */
export function honestRowInto(view: SubnetView, noise: number, start: number, stride: number, normals: Float32Array, w: Float64Array, offset: number): void {
  const n = view.n;
  ensureCapacity(n);
  if (normals !== mem.normals) {
    mem.f32.set(normals, NORMALS_AT / 4);
    mem.normals = normals;
  }
  if (view.minersVersion !== mem.minersVersion) {
    const f64 = mem.f64;
    const i32 = mem.i32;
    const q = view.minerQuality;
    const miners = view.minerUids;
    const qAt = Q_AT / 8;
    for (let j = 0; j < n; j++) f64[qAt + j] = q[j];
    const mAt = mem.minersAt / 4;
    for (let i = 0; i < view.minerCount; i++) i32[mAt + i] = miners[i];
    mem.minersVersion = view.minersVersion;
  }
  mem.f64[SCALARS_AT / 8] = noise;
  wasm.honestRow(NORMALS_AT, Q_AT, mem.minersAt, view.minerCount, SCALARS_AT, start, stride, mem.outAt, n);
  if (mem.row.length !== n) mem.row = new Float64Array(wasm.memory.buffer, mem.outAt, n);
  w.set(mem.row, offset);
}

/** The last miners version handed out (module-wide: no two views' contents share one). */
let lastMinersVersion = 0;

/** A fresh SubnetView.minersVersion, for a view whose quality or miners may have changed. */
export function newMinersVersion(): number {
  return ++lastMinersVersion;
}
