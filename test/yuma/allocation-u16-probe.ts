/**
 * Probe for test/yuma/allocation-u16.test.ts (run in its own process through tsx, as
 * allocation-probe.ts is): heap-profiler samples in a calibration loop that allocates once per
 * iteration, in the kernel's frames over EPOCHS epochs of its u16 bonds path (classic and Yuma3
 * with liquid alpha, bonds fed back in place), and in the consensus port's and the kernel's
 * frames over EPOCHS epochs of `yumaConsensus` (u16 bonds) on one subnet, speculated and rolled
 * back every other epoch. Prints JSON.
 */
import { Session } from 'node:inspector/promises';
import seedrandom from 'seedrandom';
import { yumaConsensus } from '../../src/sim/consensusAdapter.ts';
import type { EpochInput, EpochResult } from '../../src/sim/ports.ts';
import { hyperparameters } from '../../src/sim/scenarioSchema.ts';
import { createYumaEpochResult, createYumaWorkspace, resolveYumaParams, runYumaEpoch, type YumaEpochInput } from '../../src/yuma/index.ts';
import { randomMetagraph } from './metagraph.ts';

interface Node {
  id: number;
  callFrame: { url: string };
  children: Node[];
}

/** Samples whose stack has a frame in a file whose path contains `path`, while `run` runs. */
async function samplesIn(path: string, run: () => void): Promise<number> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 16,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    run();
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as {
      profile: { head: Node; samples: { nodeId: number }[] };
    };
    const parent = new Map<number, Node | null>();
    const byId = new Map<number, Node>();
    const index = (n: Node, p: Node | null) => {
      byId.set(n.id, n);
      parent.set(n.id, p);
      for (const c of n.children) index(c, n);
    };
    index(profile.head, null);
    let count = 0;
    for (const s of profile.samples) {
      for (let n: Node | null | undefined = byId.get(s.nodeId); n; n = parent.get(n.id)) {
        if (n.callFrame.url.includes(path)) {
          count++;
          break;
        }
      }
    }
    return count;
  } finally {
    session.disconnect();
  }
}

export const EPOCHS = 600;

function allocateOnce(sink: { last: Float64Array | null }): void {
  sink.last = new Float64Array(1);
}

const sink = { last: null as Float64Array | null };
for (let i = 0; i < 3000; i++) allocateOnce(sink);
const calibration = await samplesIn('allocation-u16-probe', () => {
  for (let i = 0; i < EPOCHS; i++) allocateOnce(sink);
});
const kernel: Record<string, number> = {};
for (const variant of ['classic', 'yuma3-liquid'] as const) {
  const m = randomMetagraph({ n: 96, seed: 11, density: 1, validators: 24, variant, layout: 'compact' });
  const { n, rows } = m.kernel;
  const params = resolveYumaParams(m.params);
  const ws = createYumaWorkspace(n, rows);
  const out = createYumaEpochResult(n, rows);
  const rng = seedrandom('allocation');
  const draws = Array.from({ length: 4 }, () => Float64Array.from({ length: rows * n }, (_, i) => (m.kernel.weights[i] === 0 ? 0 : rng())));
  const bondsU16 = Uint16Array.from(m.kernel.bonds, (b) => Math.round(b * 65535));
  out.bondsU16 = bondsU16;
  const input: YumaEpochInput = { ...m.kernel, weights: draws[0], bondsU16 };
  let e = 0;
  const epochs = (count: number) => {
    for (let i = 0; i < count; i++) {
      input.weights = draws[e++ % draws.length];
      if (i % 3 === 0) out.consensus.fill(NaN);
      runYumaEpoch(input, params, ws, out);
    }
  };
  epochs(3000);
  kernel[variant] = await samplesIn('/src/yuma/', () => epochs(EPOCHS));
}

const n = 64;
const rows = 16;
const rng = seedrandom('adapter');
const weights = new Float64Array(n * n);
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
