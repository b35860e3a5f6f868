/**
 * src/yuma/passes.wasm and src/agents/rows.wasm are committed (users need no compiler); this
 * rebuilds each from its source under asm/ with the package's own build command and checks the
 * bytes are the same, so a binary can never drift from its source.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createYumaWorkspace } from '../../src/yuma/index.ts';

const root = join(import.meta.dirname, '..', '..');

describe('the committed WebAssembly', () => {
  // Each command of `npm run build:wasm` (asc SOURCE ... -o TARGET), run again into a temporary file.
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts['build:wasm'] as string;
  const commands = script.split(' && ');
  it('is built by two commands, one per binary', () => {
    expect(commands.map((c) => c.match(/-o (\S+)$/)?.[1])).toEqual(['src/yuma/passes.wasm', 'src/agents/rows.wasm']);
  });
  for (const command of commands) {
    const target = command.match(/-o (\S+)$/)?.[1] ?? '';
    it(`${target} is what \`npm run build:wasm\` makes of its source`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'taosim-wasm-'));
      try {
        const out = join(dir, 'out.wasm');
        const args = command.replace(/^asc /, '').replace(`-o ${target}`, `-o ${out}`).split(' ');
        expect(args).toContain(out);
        const r = spawnSync(process.execPath, [join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js'), ...args], { cwd: root, encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(Buffer.compare(readFileSync(out), readFileSync(join(root, target)))).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  }
});

describe('workspace size', () => {
  it('refuses a workspace past the 4 GiB WebAssembly can address, before allocating it', () => {
    // 5 matrices of 8,000 x 65,536 float64 = 21 GB.
    expect(() => createYumaWorkspace(65_536, 8_000)).toThrow(/YUMA_WORKSPACE_TOO_LARGE/);
    // A large one that fits is made, and its arrays are views of one memory.
    const ws = createYumaWorkspace(4_096, 64);
    expect(ws.weightsNorm.buffer).toBe(ws.passes.memory.buffer);
    expect(ws.bondsIn.buffer).toBe(ws.passes.memory.buffer);
  });
});

describe('scalar slots', () => {
  it('the S_ slot numbers and the gather block of asm/yuma-passes.ts are those src/yuma/passes.ts uses', async () => {
    const passes = (await import('../../src/yuma/passes.ts')) as unknown as Record<string, unknown>;
    const asm = readFileSync(join(root, 'asm', 'yuma-passes.ts'), 'utf8');
    const slots = [...asm.matchAll(/^const (S_[A-Z_]+) = (\d+);$/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(slots.length).toBe(20);
    for (const [name, slot] of slots) expect([name, passes[name]]).toEqual([name, slot]);
    const max = Math.max(...slots.map(([, v]) => v));
    expect(max).toBeLessThan(passes.SCALAR_SLOTS as number);
    // The vector constants (up to 24 vectors of two slots) fit after S_VECTORS.
    expect((passes.S_VECTORS as number) + 48).toBeLessThanOrEqual(passes.SCALAR_SLOTS as number);
    // The workspace's median scores hold as many columns as the gather block.
    expect(Number(/^const GATHER_BLOCK = (\d+);$/m.exec(asm)?.[1])).toBe(passes.MEDIAN_GATHER_BLOCK);
  });
});
