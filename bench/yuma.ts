/**
 * Epochs per second of the Yuma kernel and of the naive reference, in the same run, for dense
 * weights at n = 64, 256, 1024 and the realistic 64 permitted validators among 256 uids, with
 * classic bonds and with Yuma3 + liquid alpha. Prints a table; asserts nothing.
 * 'warm' reruns the epoch on the same result object, so the previous consensus is the guess the
 * median certifies (a subnet whose weights did not move); 'cold' spoils the guess (NaN) before
 * every epoch, so every column runs the median without a guess (the chain's partition search, or
 * for 128 participants or more the search near a sampled guess). 'drift' mirrors the simulator
 * (issue #5): every validator row is a fresh noisy honest row each epoch,
 * w_ij = max(0, q_j + 0.05 z_ij) (q_j a fixed quality per uid, z standard normal; 8 precomputed
 * draws cycled), so the previous consensus is close to, but on most columns not exactly, this
 * epoch's weighted median; every uid's last update is the current block (validators set weights
 * each epoch, so none is masked as outdated). The naive reference is timed in three windows, one
 * before each kernel mode, its rate taken over the three. Options: --quick (short figures),
 * --only=<shape> (e.g. --only=64-of-256).
 */
import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';
import {
  createYumaEpochResult,
  createYumaWorkspace,
  resolveYumaParams,
  runYumaEpoch,
  type YumaEpochInput,
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
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const budgetMs = quick ? 300 : 1500;

interface Window {
  runs: number;
  cpuUs: number;
  wallMs: number;
}

/** Runs fn for at least minRuns calls and budget ms (after one warm-up call); what it took. */
function measure(fn: () => void, minRuns: number, budget: number): Window {
  fn(); // warm up
  let runs = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let t = t0;
  while (runs < minRuns || t - t0 < budget) {
    fn();
    runs++;
    t = performance.now();
  }
  const c = process.cpuUsage(c0);
  return { runs, cpuUs: c.user + c.system, wallMs: t - t0 };
}

/** Epochs per second of wall time and per second of this process's CPU time, over windows. */
function rateOf(windows: Window[]): { wall: number; cpu: number } {
  const runs = windows.reduce((s, w) => s + w.runs, 0);
  const cpu = windows.reduce((s, w) => s + w.cpuUs, 0);
  const wall = windows.reduce((s, w) => s + w.wallMs, 0);
  return { wall: (runs * 1000) / wall, cpu: (runs * 1e6) / cpu };
}

/** Epochs per second of wall time and per second of this process's CPU time (the machine is shared). */
function rate(fn: () => void, minRuns: number): { wall: number; cpu: number } {
  return rateOf([measure(fn, minRuns, budgetMs)]);
}

const fmt = (x: number) => (x >= 100 ? Math.round(x).toString() : x.toPrecision(3));
const lines: string[][] = [
  ['shape', 'variant', 'rows', 'warm/s wall', 'warm/s cpu', 'cold/s cpu', 'drift/s cpu', 'naive/s wall', 'naive/s cpu',
    'speed-up warm', 'speed-up cold', 'speed-up drift'],
];

const DRIFT_DRAWS = 8;
/** DRIFT_DRAWS weight matrices in the input's compact layout: rows holding weights get fresh honest rows. */
function driftWeights(input: YumaEpochInput, seed: number): Float64Array[] {
  const rng = seedrandom(`drift-${seed}`);
  const { n, rows, weights } = input;
  const quality = Float64Array.from({ length: n }, () => rng());
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const draws: Float64Array[] = [];
  for (let d = 0; d < DRIFT_DRAWS; d++) {
    const w = new Float64Array(rows * n);
    for (let r = 0; r < rows; r++) {
      let any = false;
      for (let j = 0; j < n; j++) any ||= weights[r * n + j] !== 0;
      if (!any) continue;
      for (let j = 0; j < n; j++) w[r * n + j] = Math.max(0, quality[j] + 0.05 * normal());
    }
    draws.push(w);
  }
  return draws;
}

for (const s of shapes) {
  if (only !== undefined && s.name !== only) continue;
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
    // The naive reference is timed in three windows, one before each of the kernel's three modes,
    // and its rate taken over all three: its figure is sampled across the same stretch of time as
    // the kernel's, so a change in the machine's speed during the run (the machine is shared)
    // moves both sides of the speed-ups alike.
    const naiveWindows: Window[] = [];
    const naiveWindow = () => naiveWindows.push(measure(() => void naiveEpoch(m.naive, naiveParams), 1, budgetMs / 2));
    naiveWindow();
    const k = rate(() => void runYumaEpoch(m.kernel, params, ws, out), 5);
    naiveWindow();
    const cold = rate(() => {
      out.consensus.fill(NaN);
      runYumaEpoch(m.kernel, params, ws, out);
    }, 5);
    const draws = driftWeights(m.kernel, 7);
    // Validators set weights every epoch in the simulator: no weight is older than a registration.
    const driftInput: YumaEpochInput = { ...m.kernel, lastUpdate: new Float64Array(s.n).fill(m.kernel.block) };
    let epoch = 0;
    naiveWindow();
    const drift = rate(() => {
      driftInput.weights = draws[epoch++ % DRIFT_DRAWS];
      runYumaEpoch(driftInput, params, ws, out);
    }, 5);
    const nv = rateOf(naiveWindows);
    lines.push([s.name, variant, String(m.kernel.rows), fmt(k.wall), fmt(k.cpu), fmt(cold.cpu), fmt(drift.cpu), fmt(nv.wall), fmt(nv.cpu),
      `${fmt(k.cpu / nv.cpu)}x`, `${fmt(cold.cpu / nv.cpu)}x`, `${fmt(drift.cpu / nv.cpu)}x`]);
  }
}
const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
for (const l of lines) console.log(l.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
console.log(`(single thread, ${budgetMs} ms per kernel figure; the naive reference over three windows of ${budgetMs / 2} ms, one before each\n kernel mode; 'cpu' divides by this process's CPU time, 'wall' by elapsed time; the machine is shared with other jobs,\n so wall figures are noisy)`);
