/**
 * The part of the WebAssembly API taosim uses (the project's TypeScript libraries do not declare
 * it): a module compiled once from a committed .wasm file, and instances over their own memory
 * of a fixed size (never grown: growing would detach every view of it). Used by src/yuma
 * (passes.wasm) and src/agents (rows.wasm).
 */
import { readFileSync } from 'node:fs';

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export const WASM_PAGE = 65_536;
/** wasm32 addresses at most 4 GiB. */
export const WASM_MAX_PAGES = 65_536;

/** The module in the file at `url` (read and compiled on each call: callers keep it). */
export function compileWasm(url: URL): object {
  return new wasm.Module(readFileSync(url));
}

/** The pages `bytes` need (at least one). */
export function pagesFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WASM_PAGE));
}

/** An instance of `module` over a fresh zeroed memory of `pages` pages, imported as env.memory. */
export function instantiateWasm(module: object, pages: number): { exports: object; memory: WasmMemory } {
  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  const instance = new wasm.Instance(module, { env: { memory } });
  return { exports: instance.exports, memory };
}
