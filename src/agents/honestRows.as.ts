// AssemblyScript source of src/agents/honestRows.wasm: an honest validator's weight row
// (src/agents/honestRows.ts loads it). Rebuild with
//   node node_modules/assemblyscript/bin/asc.js src/agents/honestRows.as.ts -O3 --noAssert --runtime stub -o src/agents/honestRows.wasm
// test/agents/honestRows.test.ts rebuilds it and checks the committed binary is this source's.
//
// The arithmetic is writeHonestRow's (src/agents/validators.ts), operation for operation:
// z = the float32 table entry widened to f64 (exact), x = q + noise * z (a multiply, then an
// add: WebAssembly has no fused multiply-add), kept when x > 0. Arguments are byte offsets into
// the module's own memory, laid out by honestRows.ts; the float parameter comes through memory
// (a float argument from JavaScript can be boxed, an allocation per call).

// @ts-nocheck: AssemblyScript, not TypeScript (its own types: f32, f64, i32, usize).

/**
 * out[j] = max(0, q[j] + noise * normals[(start + (j + 1) * stride) & 0xffff]) for the miners j
 * = miners[0..count), 0 for every other j < n. The i32 product wraps mod 2^32, which keeps the
 * 16 low bits the mask reads (Math.imul in TypeScript). noise is the f64 at `scalars`.
 */
export function honestRow(normals: usize, q: usize, miners: usize, count: i32, scalars: usize, start: i32, stride: i32, out: usize, n: i32): void {
  const noise = load<f64>(scalars);
  memory.fill(out, 0, (<usize>n) << 3);
  for (let i = 0; i < count; i++) {
    const j = load<i32>(miners + ((<usize>i) << 2));
    const at = (start + (j + 1) * stride) & 0xffff;
    const z = <f64>load<f32>(normals + ((<usize>at) << 2));
    const x = load<f64>(q + ((<usize>j) << 3)) + noise * z;
    if (x > 0) store<f64>(out + ((<usize>j) << 3), x);
  }
}
