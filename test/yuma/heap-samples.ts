/**
 * The heap-profiler machinery of the allocation probes (allocation-probe.ts, allocation-u16-probe.ts),
 * each run by its test in its own process through tsx: samples taken in given source files while
 * code runs, a calibration loop that allocates once per iteration, and the kernel over EPOCHS
 * epochs of each variant with changing weights, cold and guessed epochs.
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

export const EPOCHS = 600;

/** Samples whose stack has a frame in a file whose path contains `path`, while `run` runs. */
export async function samplesIn(path: string, run: () => void): Promise<number> {
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

/** One small array per call, kept nowhere: what an allocation per epoch looks like to the profiler. */
function allocateOnce(sink: { last: Float64Array | null }): void {
  sink.last = new Float64Array(1);
}

/** Samples over EPOCHS calls of a function that allocates once per call (after it is optimized). */
export async function calibrationSamples(): Promise<number> {
  const sink = { last: null as Float64Array | null };
  for (let i = 0; i < 3000; i++) allocateOnce(sink);
  return samplesIn('heap-samples', () => {
    for (let i = 0; i < EPOCHS; i++) allocateOnce(sink);
  });
}

/**
 * Samples in src/yuma over EPOCHS kernel epochs of each variant (after 3,000 to optimize it):
 * weights changing every epoch, every third epoch cold. Bonds 'f64': the float path, every other
 * epoch storing u16-rounded rows; 'u16': the u16 bonds path, fed back in place.
 */
export async function kernelSamples(bonds: 'f64' | 'u16'): Promise<Record<string, number>> {
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
    if (bonds === 'u16') {
      const bondsU16 = Uint16Array.from(m.kernel.bonds, (b) => Math.round(b * 65535));
      out.bondsU16 = bondsU16;
      input.bondsU16 = bondsU16;
    }
    let e = 0;
    const epochs = (count: number) => {
      for (let i = 0; i < count; i++) {
        input.weights = draws[e++ % draws.length];
        if (i % 3 === 0) out.consensus.fill(NaN);
        runYumaEpoch(input, params, ws, out, bonds === 'f64' && i % 2 === 0);
      }
    };
    epochs(3000); // optimized code: V8 allocates its own metadata while it compiles the first runs
    kernel[variant] = await samplesIn('/src/yuma/', () => epochs(EPOCHS));
  }
  return kernel;
}
