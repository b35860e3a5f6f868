/**
 * Epochs per second of the Yuma kernel and of the naive reference, in the same run, for dense
 * weights at n = 64, 256, 1024 and the realistic 64 permitted validators among 256 uids, with
 * classic bonds and with Yuma3 + liquid alpha. Prints a table; asserts nothing.
 * 'warm' reruns the epoch on the same result object, so the previous consensus is the guess the
 * median certifies (a subnet whose weights did not move); 'cold' spoils the guess (NaN) before
 * every epoch, so every column runs the chain's partition search.
 */
import { performance } from 'node:perf_hooks';
import {
  createYumaEpochResult,
  createYumaWorkspace,
  resolveYumaParams,
  runYumaEpoch,
  type YumaVariant,
} from '../src/yuma/index.ts';
import { randomMetagraph } from '../test/yuma/metagraph.ts';
import { naiveEpoch } from '../test/yuma/naive.ts';

interface Shape {
  name: string;
  n: number;
  validators: number;
  layout: 'compact' | 'dense';
}

const shapes: Shape[] = [
  { name: 'dense n=64', n: 64, validators: 64, layout: 'dense' },
  { name: 'dense n=256', n: 256, validators: 256, layout: 'dense' },
  { name: 'dense n=1024', n: 1024, validators: 1024, layout: 'dense' },
  { name: '64-of-256', n: 256, validators: 64, layout: 'compact' },
];
const variants: YumaVariant[] = ['classic', 'yuma3-liquid'];
const quick = process.argv.includes('--quick');
const budgetMs = quick ? 300 : 1500;

/** Epochs per second of wall time and per second of this process's CPU time (the machine is shared). */
function rate(fn: () => void, minRuns: number): { wall: number; cpu: number } {
  fn(); // warm up
  let runs = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let t = t0;
  while (runs < minRuns || t - t0 < budgetMs) {
    fn();
    runs++;
    t = performance.now();
  }
  const c = process.cpuUsage(c0);
  return { wall: (runs * 1000) / (t - t0), cpu: (runs * 1e6) / (c.user + c.system) };
}

const fmt = (x: number) => (x >= 100 ? Math.round(x).toString() : x.toPrecision(3));
const lines: string[][] = [
  ['shape', 'variant', 'rows', 'warm/s wall', 'warm/s cpu', 'cold/s cpu', 'naive/s wall', 'naive/s cpu', 'speed-up warm', 'speed-up cold'],
];
for (const s of shapes) {
  for (const variant of variants) {
    const m = randomMetagraph({
      n: s.n,
      seed: 42,
      density: 1,
      validators: s.validators,
      variant,
      zeroStakeFraction: s.layout === 'dense' ? 0 : 0.1,
      layout: s.layout,
    });
    // Realistic hyperparameters: permits kept, everyone active, default kappa and bonds settings.
    const params = resolveYumaParams({
      ...m.params,
      kappaU16: 32767,
      bondsPenaltyU16: 65535,
      bondsMovingAverage: 900_000,
      activityCutoff: 1_000_000,
      maxAllowedValidators: s.validators,
      stakeThresholdRao: 0,
      alphaLowU16: 45875,
      alphaHighU16: 58982,
      alphaSigmoidSteepness: 1000,
    });
    const naiveParams = { ...m.naiveParams, ...params, kappaU16: 32767, bondsPenaltyU16: 65535, bondsMovingAverage: 900_000,
      activityCutoff: 1_000_000, maxAllowedValidators: s.validators, stakeThresholdRao: 0, alphaLowU16: 45875, alphaHighU16: 58982, alphaSigmoidSteepness: 1000 };
    const ws = createYumaWorkspace(s.n, m.kernel.rows);
    const out = createYumaEpochResult(s.n, m.kernel.rows);
    const k = rate(() => void runYumaEpoch(m.kernel, params, ws, out), 5);
    const cold = rate(() => {
      out.consensus.fill(NaN);
      runYumaEpoch(m.kernel, params, ws, out);
    }, 5);
    const nv = rate(() => void naiveEpoch(m.naive, naiveParams), 1);
    lines.push([s.name, variant, String(m.kernel.rows), fmt(k.wall), fmt(k.cpu), fmt(cold.cpu), fmt(nv.wall), fmt(nv.cpu),
      `${fmt(k.cpu / nv.cpu)}x`, `${fmt(cold.cpu / nv.cpu)}x`]);
  }
}
const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
for (const l of lines) console.log(l.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
console.log(`(single thread, ${budgetMs} ms per figure; 'cpu' divides by this process's CPU time, 'wall' by elapsed time;\n the machine is shared with other jobs, so wall figures are noisy)`);
