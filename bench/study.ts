/**
 * The consensus study's full default grid: 11 major stakes x 51 x 51 (W_H, W_C) = 28,611 epochs
 * of 512 uids (64 validators), plus 11 permit epochs, on every core and on one. Prints the wall
 * time and epochs/s. BENCH_STUDY_WORKERS=1,2 picks the worker counts; the machine is shared, so
 * figures are noisy.
 */
import { availableParallelism, loadavg } from 'node:os';
import { DEFAULT_STUDY_CONFIG, gridCsv, retentionRows, runStudy } from '../src/study/index.ts';

const counts = (process.env.BENCH_STUDY_WORKERS ?? `${availableParallelism()}`).split(',').map(Number);
const c = DEFAULT_STUDY_CONFIG;
const epochs = c.majorStakes.length * c.grid * c.grid * c.replicates;
console.log(`study consensus, default grid: ${epochs} epochs of ${c.network} uids (${c.validators} validators), load average ${loadavg()[0].toFixed(2)}`);
let reference = '';
for (const workers of counts) {
  const t0 = performance.now();
  const t = await runStudy(c, { workers });
  const secs = (performance.now() - t0) / 1000;
  const csv = gridCsv(t);
  const r60 = retentionRows(t).find((r) => r.majorStake === 0.6);
  const same = reference === '' ? '' : csv === reference ? ', same grid.csv bytes as the first count' : ', DIFFERENT bytes';
  if (reference === '') reference = csv;
  console.log(`  ${workers} worker(s): ${secs.toFixed(1)} s, ${(epochs / secs).toFixed(0)} epochs/s; W_H to retain 0.6: ${r60?.majorWeightInterp.toFixed(3)}${same}`);
}
