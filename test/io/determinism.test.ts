import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkScenario, runScenario } from '../../src/sim/index.ts';
import { runCli } from '../helpers/cli.ts';
import { fakeConsensus } from '../helpers/fakeConsensus.ts';
import { memoryRecorder } from '../helpers/recorder.ts';
import { tinyScenario } from '../helpers/scenarios.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'taosim-det-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('determinism', () => {
  it('the same scenario and seed give byte-identical files; another seed changes them', async () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    for (const [dir, seed] of [[a, '3'], [b, '3'], [c, '4']] as const) {
      const r = await runCli(['run', 'scenarios/stake-rush.yaml', '--out', dir, '--blocks', '5000', '--seed', seed]);
      expect(r.code).toBe(0);
    }
    const fa = filesOf(a);
    expect(filesOf(b)).toEqual(fa);
    const fc = filesOf(c);
    expect(fc['summary.json']).not.toBe(fa['summary.json']);
    expect(fc['scenario.resolved.yaml']).not.toBe(fa['scenario.resolved.yaml']);
    // The seed reaches the agents: their weights, and so Yuma's epoch rows, change with it.
    expect(fc['epochs.csv']).not.toBe(fa['epochs.csv']);
  });

  it('agents’ weights, and so the epoch rows, change with the seed and only with it', () => {
    const rows = (seed: number) => {
      const r = checkScenario(tinyScenario({ seed }));
      if (!r.ok) throw new Error('invalid');
      const rec = memoryRecorder();
      runScenario(r.scenario, rec, { components: { consensus: fakeConsensus() } });
      return JSON.stringify(rec.tables.get('epochs')!.rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    };
    expect(rows(1)).toBe(rows(1));
    expect(rows(2)).not.toBe(rows(1));
  });

  it('golden: network.csv of a 10-block halving crossing, computed by hand', async () => {
    const out = tmp();
    const r = await runCli(['run', 'test/io/golden/tiny-halving.yaml', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'network.csv'), 'utf8')).toBe(readFileSync('test/io/golden/tiny-halving.network.csv', 'utf8'));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.halvings).toEqual([{ index: 1, block: 5, issuance_rao: '10500000000000000' }]);
    expect(summary.totals.recycled_rao).toBe('2000000000');
  });
});
