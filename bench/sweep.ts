/**
 * Sweep throughput: runs/s of one sweep on 1 and on 2 worker threads, and the scaling
 * efficiency (rate with 2 / (2 x rate with 1)). Wall time includes starting the pool (each
 * worker loads tsx and the runner), so small sweeps understate the steady rate.
 *
 * Now: the `emission` runner (a halving projection per run, about tens of microseconds, so
 * the pool's per-chunk overhead matters). At integration: switch SWEEP to the `baseline`
 * scenario with the `scenario` runner (see docs/sweeps.md).
 *   BENCH_SWEEP_RUNS=N  number of runs (default 20000)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { prepareSweep, runPrepared } from '../src/sweep/index.ts';

/** Control: how much more plain CPU work 2 threads do than 1 on this machine right now. */
async function threadScaling(): Promise<number> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    let x = 0n, n = 0; const t = Date.now();
    while (Date.now() - t < 700) { for (let i = 0; i < 1000; i++) x = (x * 3n + 1n) % 1000003n; n++; }
    parentPort.postMessage(n);`;
  const work = async (k: number) => {
    const counts = await Promise.all(
      Array.from({ length: k }, () => new Promise<number>((res) => new Worker(code, { eval: true }).once('message', res))),
    );
    return counts.reduce((a, b) => a + b, 0);
  };
  const one = await work(1);
  return (await work(2)) / one;
}

const RUNS = Number(process.env.BENCH_SWEEP_RUNS ?? 100_000);
const REPLICATES = 4;

const SWEEP = `
name: bench-emission
runner: emission
seed: 1
base: { schedule: chain, horizon_blocks: 42076800 }
parameters:
  schedule: [chain, time]
  start_issuance: { dist: uniform, min: 0, max: 10000000 }
  recycle_per_block: { dist: loguniform, min: 0.001, max: 0.5 }
derived:
  recycle_noise: "recycle_per_block / 10"
samples: ${Math.max(1, Math.round(RUNS / (2 * REPLICATES)))}
replicates: ${REPLICATES}
metrics: [first_halving_block, first_halving_years, issuance_at_first_halving_rao, halvings_within_horizon]
`;

const dir = mkdtempSync(join(tmpdir(), 'taosim-bench-sweep-'));
try {
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, SWEEP);
  const prepared = await prepareSweep(file);
  console.log(`sweep: emission runner, ${prepared.plan.runCount} runs (machine shared with other jobs: figures are noisy)`);
  const rates: number[] = [];
  const steady: number[] = [];
  for (const workers of [1, 2]) {
    const t0 = performance.now();
    // Steady rate: from the first finished chunk (the pool has started) to the end.
    let tFirst = 0;
    let doneFirst = 0;
    await runPrepared(prepared, {
      file,
      outDir: join(dir, `w${workers}`),
      workers,
      onProgress: (p) => {
        if (tFirst === 0 && p.done > 0) {
          tFirst = performance.now();
          doneFirst = p.done;
        }
      },
    });
    const t1 = performance.now();
    const secs = (t1 - t0) / 1000;
    const rate = prepared.plan.runCount / secs;
    const steadyRate = (prepared.plan.runCount - doneFirst) / ((t1 - tFirst) / 1000);
    rates.push(rate);
    steady.push(steadyRate);
    console.log(
      `  ${workers} worker${workers === 1 ? ' ' : 's'}: ${secs.toFixed(2)} s, ${rate.toFixed(0)} runs/s overall, ` +
        `${steadyRate.toFixed(0)} runs/s once the pool has started`,
    );
  }
  const eff = (r: number[]) => `${(r[1] / r[0]).toFixed(2)}x, scaling efficiency ${((r[1] / (2 * r[0])) * 100).toFixed(0)}%`;
  console.log(`  speed-up 2 vs 1 overall: ${eff(rates)}; once started: ${eff(steady)}`);
  console.log(`  control: 2 plain spinning threads do ${(await threadScaling()).toFixed(2)}x the work of 1 on this machine now`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
