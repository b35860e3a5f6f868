/**
 * src/agents/honestRows.wasm is committed (users need no compiler); this rebuilds it from
 * src/agents/honestRows.as.ts with the command its header gives and checks the bytes are the
 * same, so the binary can never drift from its source. And the copy of a view's quality and
 * miners that a row reuses is taken again when the view's minersVersion changes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMiners, newMinersVersion, normalTable, type SubnetView, writeHonestRow } from '../../src/agents/index.ts';

const root = join(import.meta.dirname, '..', '..');
const source = join(root, 'src', 'agents', 'honestRows.as.ts');

describe('honestRows.wasm', () => {
  it('is what the command in honestRows.as.ts makes of it', () => {
    const header = readFileSync(source, 'utf8');
    const m = /^\/\/ {3}node (node_modules\/assemblyscript\/bin\/asc\.js .*) -o (src\/agents\/honestRows\.wasm)$/m.exec(header);
    expect(m).not.toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'taosim-rows-'));
    try {
      const out = join(dir, 'honestRows.wasm');
      const args = [...m![1].split(' '), '-o', out];
      const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(Buffer.compare(readFileSync(out), readFileSync(join(root, 'src', 'agents', 'honestRows.wasm')))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a row reads the quality as it is under the view’s current minersVersion', () => {
    const normals = normalTable(3);
    const n = 4;
    const isMiner = Uint8Array.from([0, 1, 1, 1]);
    const minerQuality = Float64Array.from([0, 0.5, 0.25, 2]);
    const minerUids = new Int32Array(n);
    const view = {
      netuid: 1,
      n,
      epochs: 1,
      isMiner,
      minerQuality,
      minerUids,
      minerCount: listMiners(isMiner, n, minerUids),
      minersVersion: newMinersVersion(),
      cabalOf: new Int32Array(n).fill(-1),
      lastConsensus: new Float64Array(n),
    } satisfies SubnetView;
    const rng = () => 0.5;
    const w = new Float64Array(n);
    writeHonestRow(view, 0, rng, normals, w, 0);
    expect(Array.from(w)).toEqual([0, 0.5, 0.25, 2]);
    // A miner leaves (quality 0, no longer a miner) and another uid's quality changes: with a
    // new version the row follows.
    minerQuality[3] = 0;
    isMiner[3] = 0;
    minerQuality[1] = 0.75;
    view.minerCount = listMiners(isMiner, n, minerUids);
    view.minersVersion = newMinersVersion();
    writeHonestRow(view, 0, rng, normals, w, 0);
    expect(Array.from(w)).toEqual([0, 0.75, 0.25, 0]);
  });
});
