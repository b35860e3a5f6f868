/**
 * Sweep throughput: runs/s of a sweep of the `baseline` scenario (scenarios/baseline.yaml, the
 * `scenario` runner: dTAO market + Yuma consensus) on 1 and on 2 worker threads, and the scaling
 * efficiency (rate with 2 / (2 x rate with 1)). Wall time includes starting the pool (each
 * worker loads tsx and the runner).
 *
 * Each run is the baseline as written (30 days, 216,000 blocks; about a second on an idle core,
 * since the runner writes no CSV). BENCH_SWEEP_DURATION overrides the duration of every run
 * (e.g. 1d for a quick look; short runs measure the pool's overhead more than the simulator).
 *   BENCH_SWEEP_RUNS=N      number of runs (default 16: 2 kappas x 8 replicates)
 *   BENCH_SWEEP_DURATION=D  each run's duration (blocks or a span; default 30d, the file's)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

const RUNS = Number(process.env.BENCH_SWEEP_RUNS ?? 16);
const DURATION = process.env.BENCH_SWEEP_DURATION ?? '30d';
const BASE = resolve(import.meta.dirname, '..', 'scenarios', 'baseline.yaml');

// The baseline scenario (its file, by absolute path) with a shorter duration
// (the runner records only what its metrics need); two kappas x replicates.
const SWEEP = `
name: bench-baseline
runner: scenario
seed: 1
base: ${JSON.stringify(BASE)}
parameters:
  duration: [${JSON.stringify(DURATION)}]
  subnets.defaults.hyperparameters.kappa: [32767, 45874]
replicates: ${Math.max(1, Math.round(RUNS / 2))}
metrics: [totals.minted_rao, gaming.gini_rewards, emission_share.gini, conservation.ok]
`;

const dir = mkdtempSync(join(tmpdir(), 'taosim-bench-sweep-'));
try {
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, SWEEP);
  const prepared = await prepareSweep(file);
  console.log(`sweep: baseline scenario (scenario runner, market + Yuma), duration ${DURATION} per run, ${prepared.plan.runCount} runs (machine shared with other jobs: figures are noisy)`);
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
      `  ${workers} worker${workers === 1 ? ' ' : 's'}: ${secs.toFixed(2)} s, ${rate.toFixed(2)} runs/s overall, ` +
        `${steadyRate.toFixed(2)} runs/s once the pool has started`,
    );
  }
  const eff = (r: number[]) => `${(r[1] / r[0]).toFixed(2)}x, scaling efficiency ${((r[1] / (2 * r[0])) * 100).toFixed(0)}%`;
  console.log(`  speed-up 2 vs 1 overall: ${eff(rates)}; once started: ${eff(steady)}`);
  console.log(`  control: 2 plain spinning threads do ${(await threadScaling()).toFixed(2)}x the work of 1 on this machine now`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
