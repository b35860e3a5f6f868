/**
 * A consensus worker thread: runs the Yuma epochs of the subnets the engine's thread sends it,
 * keeping their bonds (src/sim/consensusAdapter.ts, the same code the single-threaded run uses).
 * Jobs arrive in order on one port; each answer goes back on it, and a shared counter is bumped
 * so the engine's thread, which may be blocked waiting, wakes.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { yumaConsensus } from './consensusAdapter.ts';
import { jobLength, jobViews, type ClearNeuronMessage, type JobDone, type JobHeader, type ResetMessage } from './consensusJob.ts';
import type { EpochInput } from './ports.ts';
import type { Hyperparameters } from './scenarioSchema.ts';

interface Data {
  port: MessagePort;
  signal: Int32Array;
  index: number;
}

/** Per subnet: an n x n u16 weight matrix the compact rows are placed into. */
interface Local {
  n: number;
  weights: Uint16Array;
  rowUid: Int32Array;
  hyperparameters: Hyperparameters | null;
  /** The subnet's job buffer, shared with the engine's thread (sent once, and again when resized). */
  data: Float64Array;
}

const { port, signal, index } = workerData as Data;
const consensus = yumaConsensus();
const locals = new Map<number, Local>();
let busyMs = 0;

function localFor(netuid: number, n: number, rows: number): Local {
  let l = locals.get(netuid);
  if (l === undefined || l.n !== n || l.rowUid.length !== rows) {
    l = {
      n,
      weights: new Uint16Array(n * n),
      rowUid: new Int32Array(rows),
      hyperparameters: l?.hyperparameters ?? null,
      data: l?.data ?? new Float64Array(0),
    };
    locals.set(netuid, l);
  }
  return l;
}

function runJob(job: JobHeader): void {
  const { netuid, n, rows } = job;
  const l = localFor(netuid, n, rows);
  if (job.data !== null) l.data = job.data;
  if (l.data.length !== jobLength(n, rows)) throw new Error(`subnet ${netuid}: job buffer of ${l.data.length} numbers, expected ${jobLength(n, rows)}`);
  const v = jobViews(l.data, n, rows);
  if (job.hyperparameters !== null) l.hyperparameters = job.hyperparameters;
  if (l.hyperparameters === null) throw new Error(`subnet ${netuid}: no hyperparameters received`);
  let fromZero = true;
  for (let r = 0; r < rows; r++) {
    const u = v.rowUid[r];
    l.rowUid[r] = u;
    if (u !== r) fromZero = false;
  }
  // Rows 0..rows-1 (validators first, as scenarios number them): the job's rows are already the
  // top of an n x n matrix whose other rows the consensus never reads. Otherwise place each row.
  let weights = v.weights;
  if (!fromZero) {
    weights = l.weights;
    for (let r = 0; r < rows; r++) weights.set(v.weights.subarray(r * n, (r + 1) * n), l.rowUid[r] * n);
  }
  const input: EpochInput = {
    netuid,
    block: job.block,
    n,
    weights,
    rows,
    rowUid: l.rowUid,
    stake: v.stake,
    lastUpdate: v.lastUpdate,
    registeredAt: v.registeredAt,
    tempo: job.tempo,
    hyperparameters: l.hyperparameters,
    yuma: job.yuma,
  };
  if (job.kind === 'speculate') consensus.checkpoint(netuid);
  else if (job.kind === 'redo') consensus.rollback(netuid);
  // The result goes straight into the job buffer, where the engine's thread reads it.
  consensus.runEpoch(input, v.result);
}

// A worker that stops (process.exit, an uncaught error) says so, so that an engine thread
// blocked waiting for it (and not running its event loop) wakes and fails at once.
process.on('exit', () => {
  Atomics.store(signal, signal.length / 2 + index, 1);
  Atomics.add(signal, index, 1);
  Atomics.notify(signal, index);
});

/** One message from the engine's thread: a job, a reset or a neuron cleared. */
function handle(msg: JobHeader | ResetMessage | ClearNeuronMessage): void {
  if (msg.kind === 'reset') {
    consensus.resetSubnet(msg.netuid);
    locals.delete(msg.netuid);
    return;
  }
  if (msg.kind === 'clear-neuron') {
    if (msg.rollback) consensus.rollback(msg.netuid);
    consensus.clearNeuron(msg.netuid, msg.uid);
    return;
  }
  let error: string | null = null;
  const t0 = performance.now();
  try {
    runJob(msg);
  } catch (e) {
    error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  }
  busyMs += performance.now() - t0;
  const done: JobDone = { id: msg.id, error, busyMs };
  port.postMessage(done);
  Atomics.add(signal, index, 1);
  Atomics.notify(signal, index);
}

// The engine's thread sends its messages in batches (an array, in order).
port.on('message', (batch: (JobHeader | ResetMessage | ClearNeuronMessage)[]) => {
  for (const msg of batch) handle(msg);
});
