/**
 * Probe for test/yuma/allocation-u16.test.ts (run in its own process through tsx, as
 * allocation-probe.ts is; the machinery is in heap-samples.ts): heap-profiler samples in a
 * calibration loop that allocates once per iteration, in the kernel's frames over EPOCHS epochs of its u16 bonds path (classic and Yuma3
 * with liquid alpha, bonds fed back in place), and in the consensus port's and the kernel's
 * frames over EPOCHS epochs of `yumaConsensus` (u16 bonds) on one subnet, speculated and rolled
 * back every other epoch. Prints JSON.
 */
import seedrandom from 'seedrandom';
import { yumaConsensus } from '../../src/sim/consensusAdapter.ts';
import type { EpochInput, EpochResult } from '../../src/sim/ports.ts';
import { hyperparameters } from '../../src/sim/scenarioSchema.ts';
import { calibrationSamples, EPOCHS, kernelSamples, samplesIn } from './heap-samples.ts';

const calibration = await calibrationSamples();
const kernel = await kernelSamples('u16');

const n = 64;
const rows = 16;
const rng = seedrandom('adapter');
const weights = new Uint16Array(n * n);
for (let i = 0; i < rows * n; i++) weights[i] = Math.floor(rng() * 65535);
const e: EpochInput = {
  netuid: 3,
  block: 0,
  n,
  weights,
  rows,
  rowUid: Int32Array.from({ length: rows }, (_, i) => i),
  stake: Float64Array.from({ length: n }, (_, i) => (i < rows ? 100 + rng() * 1000 : rng())),
  lastUpdate: new Float64Array(n).fill(1),
  registeredAt: new Float64Array(n),
  tempo: 360,
  hyperparameters: hyperparameters.parse({}),
  yuma: 'classic',
};
const result: EpochResult = {
  consensus: new Float64Array(n),
  validatorTrust: new Float64Array(n),
  incentive: new Float64Array(n),
  dividends: new Float64Array(n),
  validatorPermit: new Uint8Array(n),
};
const c = yumaConsensus();
const mutable = e as { block: number };
const adapterEpochs = (count: number) => {
  for (let i = 0; i < count; i++) {
    mutable.block += 360;
    weights[(i * 7) % (rows * n)] = (i * 131) % 65535;
    if (i % 2 === 0) c.checkpoint(3);
    else {
      c.rollback(3);
      c.runEpoch(e, result);
    }
    c.runEpoch(e, result);
  }
};
adapterEpochs(3000);
const adapter = await samplesIn('/src/', () => adapterEpochs(EPOCHS));
console.log(JSON.stringify({ epochs: EPOCHS, calibration, kernel, adapter }));
