/**
 * Kill -9 and resume: a sweep run by the real CLI in a child process is killed with SIGKILL
 * part-way, a torn line is left at the end of its journal, and the same command is run again:
 * it runs only the missing runs, and the files equal those of an uninterrupted run byte for byte.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../src/sweep/index.ts';
import { read, tempDir, writeSweep } from './helpers.ts';

const BIN = resolve(import.meta.dirname, '../../bin/taosim.js');
const RUNNER = resolve(import.meta.dirname, 'fixtures/slow-runner.ts');
const RUNS = 120;

const SWEEP = `
name: slow
runner: ${RUNNER}
seed: 5
base: {}
parameters:
  x: { dist: integer, min: 0, max: 1000 }
samples: ${RUNS / 2}
replicates: 2
metrics: [value, seed_mod]
`;

function journalRecords(dir: string): number {
  const f = join(dir, 'runs.journal');
  if (!existsSync(f)) return 0;
  return Math.max(0, readFileSync(f, 'utf8').split('\n').length - 2);
}

describe('resume after kill -9', () => {
  it('finishes only the missing runs and matches an uninterrupted run byte for byte', async () => {
    const dir = tempDir();
    const file = writeSweep(dir, SWEEP);
    const reference = join(dir, 'reference');
    await runSweep({ file, outDir: reference, workers: 2 });

    const out = join(dir, 'out');
    const args = [BIN, 'sweep', file, '--out', out, '--workers', '2'];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, TAOSIM_TEST_DELAY_MS: '25', CI: 'true' },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((res) => child.on('exit', () => res()));
    const t0 = Date.now();
    while (journalRecords(out) < 20 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    const before = journalRecords(out);
    expect(before).toBeGreaterThanOrEqual(20);
    expect(before).toBeLessThan(RUNS);
    expect(existsSync(join(out, 'runs.csv'))).toBe(false);
    appendFileSync(join(out, 'runs.journal'), '[119,1,"2'); // a torn last line

    const again = spawnSync(process.execPath, args, { env: { ...process.env, CI: 'true' }, encoding: 'utf8' });
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`${RUNS} runs (${RUNS - before} run now, ${before} resumed)`);
    for (const f of ['runs.csv', 'summary.csv', 'sweep.resolved.yaml']) expect(read(out, f)).toBe(read(reference, f));
    expect(journalRecords(out)).toBe(RUNS);
  });
});
