/**
 * Probe for test/yuma/allocation.test.ts, run by it in its own process through tsx (the loader
 * `taosim` and the simulator's workers run the kernel under; vitest's module runner compiles the
 * code differently). Prints JSON: heap-profiler samples in a calibration loop that allocates once
 * per iteration, and in the kernel's frames over EPOCHS epochs of each bond variant.
 */
import { Session } from 'node:inspector/promises';
import seedrandom from 'seedrandom';
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

/** One small array per call, kept nowhere: what an allocation per epoch looks like to the profiler. */
function allocateOnce(sink: { last: Float64Array | null }): void {
  sink.last = new Float64Array(1);
}

const sink = { last: null as Float64Array | null };
for (let i = 0; i < 3000; i++) allocateOnce(sink);
const calibration = await samplesIn('allocation-probe', () => {
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
  const input: YumaEpochInput = { ...m.kernel, weights: draws[0] };
  let e = 0;
  const epochs = (count: number) => {
    for (let i = 0; i < count; i++) {
      input.weights = draws[e++ % draws.length];
      if (i % 3 === 0) out.consensus.fill(NaN);
      runYumaEpoch(input, params, ws, out, i % 2 === 0);
    }
  };
  epochs(3000); // optimized code: V8 allocates its own metadata while it compiles the first runs
  kernel[variant] = await samplesIn('/src/yuma/', () => epochs(EPOCHS));
}
console.log(JSON.stringify({ epochs: EPOCHS, calibration, kernel }));
