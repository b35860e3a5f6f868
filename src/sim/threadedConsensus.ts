/**
 * Yuma on worker threads, with the same output as `yumaConsensus()` bit for bit.
 *
 * The engine sets a subnet's next weights right after each epoch (src/sim/epochs.ts), so the next
 * epoch's input is known a tempo ahead but for its stake and block, which are predicted
 * (`prepareEpoch`). A worker computes that epoch speculatively, after checkpointing the subnet's
 * bonds and permits. When the epoch comes, `runEpoch` compares the real input with the predicted
 * one in every field and number: equal, the worker's result is the result (the kernel is a pure
 * function of its input and the subnet's state); different, the worker rolls the subnet back to
 * its checkpoint and runs the real input. Each subnet always goes to the same worker, in order, so
 * neither the number of workers nor their timing can change a result.
 *
 * Each subnet's jobs use one Float64Array over a SharedArrayBuffer (no copy to the worker, no
 * allocation after the first epoch); messages carry only the header. When the engine's weight
 * matrix is itself over a SharedArrayBuffer with room before it (EpochInput.weightsHeadroom) and
 * the rows are uids 0..rows-1, the job is a view ending in the matrix's rows: the rest of the job
 * is written into the room and the rows are not copied at all (the engine lends the matrix until
 * the epoch; see ConsensusPort.prepareEpoch). The engine's thread blocks
 * on a shared counter when it needs a result that is not back yet.
 */
import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { jobHeadLength, jobLength, jobViews, type ClearNeuronMessage, type JobDone, type JobHeader, type ResetMessage } from './consensusJob.ts';
import { yumaConsensus } from './consensusAdapter.ts';
import type { ConsensusPort, EpochInput, EpochResult } from './ports.ts';
import type { Hyperparameters, SubnetConfig } from './scenarioSchema.ts';

const WORKER_ENTRY = new URL('./consensusWorker-entry.js', import.meta.url);
/** A worker silent this long while the engine waits on it is taken for dead. */
const WAIT_LIMIT_MS = 120_000;
/** How long a waiting engine thread sleeps between looks at its worker. */
const WAIT_SLICE_MS = 1000;
/**
 * Messages to a worker go out in batches of this many (and before the engine waits on it): a
 * message to an idle worker wakes its thread, which on this 2-core VM cost the engine's thread
 * ~9% of its time when each speculated epoch was its own message. A speculated epoch is needed
 * a tempo after it is sent, so holding it back for a few epochs costs the worker nothing.
 */
const BATCH = 16;

interface Predicted {
  id: number;
  block: number;
  n: number;
  rows: number;
  tempo: number;
  yuma: SubnetConfig['yuma'];
  hyperparameters: Hyperparameters;
  /** The weights array and its stamp as sent (see EpochInput.weightsStamp). */
  weights: Uint16Array;
  weightsStamp: number | undefined;
  /** The update and registration vectors and their stamp as sent (see EpochInput.neuronsStamp). */
  lastUpdate: Float64Array;
  registeredAt: Float64Array;
  neuronsStamp: number | undefined;
  /** The job's rows were read in place from `weights` (lent; see `inPlaceJob`), not copied. */
  inPlace: boolean;
}

interface SubnetJobs {
  /** The worker that runs this subnet's epochs; -1: the engine's thread does. */
  worker: number;
  /**
   * The subnet's job buffer, over a SharedArrayBuffer both threads see. Only one thread uses it
   * at a time: the engine writes a job, the worker reads it and writes the result, and the engine
   * reads that only after the worker has answered.
   */
  buf: Float64Array;
  pending: Predicted | null;
  /** The hyperparameters object last sent to the worker for this subnet. */
  sentHyperparameters: Hyperparameters | null;
  /** A view of weights[from, from + length) (the rows when they are one run), kept between epochs. */
  rowsView: Uint16Array;
  /** The engine's weights buffer when `buf` is a view over it (the last job read its rows in place); else null. */
  inPlaceBuffer: ArrayBufferLike | null;
}

/** Whether the u16 a[aFrom, aFrom + len) and b[bFrom, bFrom + len) are the same (a native memcmp). */
function sameWeights(a: Uint16Array, aFrom: number, b: Uint16Array, bFrom: number, len: number): boolean {
  const x = Buffer.from(a.buffer, a.byteOffset + 2 * aFrom, 2 * len);
  const y = Buffer.from(b.buffer, b.byteOffset + 2 * bFrom, 2 * len);
  return x.equals(y);
}

/** to[at, at + n) = src[0, n), through a view only when src is longer than n. */
function copyVector(src: Float64Array, n: number, to: Float64Array, at: number): void {
  to.set(src.length === n ? src : src.subarray(0, n), at);
}

/**
 * Whether a[0, n) and b[from, from + n) hold the same bits, number by number, without a view:
 * equal numbers with the same sign of zero are the same bits (NaN, never equal to itself,
 * counts as a difference: a recomputation, never a wrong result).
 */
function sameNumbers(a: Float64Array, b: Float64Array, from: number, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[from + i];
    if (x !== y || (x === 0 && 1 / x !== 1 / y)) return false;
  }
  return true;
}

export interface ThreadedStats {
  /** Epochs run in the engine's thread (subnets it keeps). */
  inEngine: number;
  /** Epochs whose speculative result was used / recomputed after a wrong prediction / run without a prediction. */
  hits: number;
  misses: number;
  unpredicted: number;
  /** Milliseconds the engine's thread spent blocked waiting for a worker's answer. */
  waitedMs: number;
  /** Milliseconds each worker spent computing epochs (as last reported). */
  workerBusyMs: number[];
}

export interface ThreadedConsensus extends ConsensusPort {
  readonly stats: ThreadedStats;
  clearNeuron(netuid: number, uid: number): void;
  close(): void;
}

export interface ThreadedOptions {
  /**
   * The engine's thread runs Yuma itself for one subnet in every `engineEvery` (in order of first
   * appearance; 0: none), so that it is not idle while the workers carry all of the kernel.
   * Default 9: on network-year the engine thread's own work (agents, market, distribution) is
   * now the smaller share, so it also runs one subnet's Yuma in 9 while the one worker of a
   * 2-core machine runs the rest (measured per 36,000 blocks, same machine state: 2.88-2.90 s
   * keeping one in 9, 2.90 s one in 7, 3.01 s one in 12, 3.15-3.20 s keeping none). Outputs do
   * not depend on it (tests run threaded and in-thread ports against each other).
   */
  engineEvery?: number;
  /** The worker script (tests substitute one). */
  entry?: URL;
}

/** A consensus port running Yuma on `threads` worker threads (threads >= 1), and for a share of the subnets in the engine's thread. */
export function threadedYumaConsensus(threads: number, options: ThreadedOptions = {}): ThreadedConsensus {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads: ${threads} is not an integer >= 1`);
  const engineEvery = options.engineEvery ?? 9;
  if (!Number.isInteger(engineEvery) || engineEvery < 0) throw new RangeError(`engineEvery: ${engineEvery} is not an integer >= 0`);
  // signal[k]: worker k's answer counter; signal[threads + k]: 1 once worker k has stopped.
  const signal = new Int32Array(new SharedArrayBuffer(8 * threads));
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  /** Per worker, the messages not yet sent (in order; sent as one array), and the last job id sent. */
  const outbox: (JobHeader | ResetMessage | ClearNeuronMessage)[][] = [];
  const lastSent: number[] = [];
  for (let k = 0; k < threads; k++) {
    const { port1, port2 } = new MessageChannel();
    const w = new Worker(options.entry ?? WORKER_ENTRY, { workerData: { port: port2, signal, index: k }, transferList: [port2] });
    w.unref();
    port1.unref();
    workers.push(w);
    ports.push(port1);
    outbox.push([]);
    lastSent.push(0);
  }
  const failures: string[] = [];
  for (const w of workers) w.on('error', (e) => failures.push(e.message));
  const subnets = new Map<number, SubnetJobs>();
  const local = yumaConsensus();
  const results = new Map<number, JobDone>();
  const stats: ThreadedStats = { inEngine: 0, hits: 0, misses: 0, unpredicted: 0, waitedMs: 0, workerBusyMs: new Array<number>(threads).fill(0) };
  let nextId = 1;
  let nextWorker = 0;
  let closed = false;

  function jobsOf(netuid: number): SubnetJobs {
    let s = subnets.get(netuid);
    if (s === undefined) {
      // Round-robin in order of first appearance: deterministic, and it does not affect results.
      // The engine keeps the k-th, 2k-th, ... subnet (not the first: a one-subnet run uses its worker).
      const isLocal = engineEvery > 0 && subnets.size % engineEvery === engineEvery - 1;
      s = { worker: isLocal ? -1 : nextWorker, buf: new Float64Array(0), pending: null, sentHyperparameters: null, rowsView: new Uint16Array(0), inPlaceBuffer: null };
      if (!isLocal) nextWorker = (nextWorker + 1) % threads;
      subnets.set(netuid, s);
    }
    return s;
  }

  /** Sends worker k's held messages, in order, as one message. */
  function flush(k: number): void {
    const held = outbox[k];
    if (held.length === 0) return;
    outbox[k] = [];
    for (const m of held) if (m.kind !== 'reset' && m.kind !== 'clear-neuron') lastSent[k] = m.id;
    ports[k].postMessage(held);
  }

  /** Queues a message for worker k (sent with the next BATCH - 1, or before the engine waits on k). */
  function send(k: number, msg: JobHeader | ResetMessage | ClearNeuronMessage): void {
    const held = outbox[k];
    held.push(msg);
    if (held.length >= BATCH) flush(k);
  }

  function waitFor(id: number, k: number): JobDone {
    // Job ids grow in the order jobs are queued: a job not sent yet is one past the last sent.
    if (id > lastSent[k]) flush(k);
    const port = ports[k];
    let waited = 0;
    for (;;) {
      const got = results.get(id);
      if (got !== undefined) {
        results.delete(id);
        stats.workerBusyMs[k] = got.busyMs;
        if (got.error !== null) throw new Error(`consensus worker ${k}: ${got.error}`);
        return got;
      }
      const seen = Atomics.load(signal, k);
      const m = receiveMessageOnPort(port);
      if (m !== undefined) {
        const d = m.message as JobDone;
        results.set(d.id, d);
        continue;
      }
      if (Atomics.load(signal, threads + k) === 1) {
        throw new Error(`consensus worker ${k} stopped before answering job ${id}${failures.length > 0 ? `: ${failures[0]}` : ''}`);
      }
      const t0 = performance.now();
      const woke = Atomics.wait(signal, k, seen, WAIT_SLICE_MS);
      stats.waitedMs += performance.now() - t0;
      if (woke === 'timed-out') {
        waited += WAIT_SLICE_MS;
        // A worker killed outright sets no flag: give up after a long silence.
        if (failures.length > 0 || waited >= WAIT_LIMIT_MS) {
          throw new Error(`consensus worker ${k} did not answer job ${id}${failures.length > 0 ? `: ${failures[0]}` : ''}`);
        }
      }
    }
  }

  /**
   * Whether the job for `e` can be a view over the engine's weight matrix (its rows read in place):
   * rows uids 0..rows-1 (rowUid ascends), the matrix over a SharedArrayBuffer with room for the
   * job's head before it.
   */
  function inPlaceJob(e: EpochInput): boolean {
    const { n, rows, rowUid, weights } = e;
    return (
      rows > 0 &&
      rowUid[0] === 0 &&
      rowUid[rows - 1] === rows - 1 &&
      weights.buffer instanceof SharedArrayBuffer &&
      (e.weightsHeadroom ?? 0) >= jobHeadLength(n, rows) &&
      weights.byteOffset >= 8 * jobHeadLength(n, rows) &&
      weights.byteOffset % 8 === 0 &&
      weights.byteOffset + 8 * Math.ceil((rows * n) / 4) <= weights.buffer.byteLength
    );
  }

  /**
   * Writes the input part of a job (stake, lastUpdate, registeredAt, rowUid, and the compact rows
   * unless they are in place) into `to`. Rows that are one run of uids are copied as one block
   * through a view kept in `s`; vectors of exactly n numbers are copied without a view: nothing
   * is allocated per epoch.
   */
  function writeInput(s: SubnetJobs, e: EpochInput, to: Float64Array, rowsInPlace: boolean): void {
    const { n, rows, rowUid, weights } = e;
    if (rowsInPlace) {
      // The job's rows are weights[0, rows*n) itself.
    } else if (rows > 0 && rowUid[rows - 1] === rowUid[0] + rows - 1) {
      const from = rowUid[0] * n;
      const v = s.rowsView;
      if (v.buffer !== weights.buffer || v.byteOffset !== weights.byteOffset + 2 * from || v.length !== rows * n) {
        s.rowsView = weights.subarray(from, from + rows * n);
      }
      jobViews(to, n, rows).weights.set(s.rowsView);
    } else {
      const dst = jobViews(to, n, rows).weights;
      for (let r = 0; r < rows; r++) {
        const u = rowUid[r];
        dst.set(weights.subarray(u * n, (u + 1) * n), r * n);
      }
    }
    let at = 0;
    copyVector(e.stake, n, to, at);
    at += n;
    copyVector(e.lastUpdate, n, to, at);
    at += n;
    copyVector(e.registeredAt, n, to, at);
    at += n;
    for (let r = 0; r < rows; r++) to[at + r] = rowUid[r];
  }

  /**
   * Whether `e` is exactly the predicted input: every field equal, every number the same bits
   * (compared as bytes: same bits give the same result; -0 against 0 only costs a recomputation).
   * `snap` is the subnet's job buffer after the worker answered: its input part is as it was sent.
   * The weight rows (most of the input) are not compared when the input vouches for them: the
   * same weights array with the same defined stamp, which the engine renews at every write. Rows
   * read in place from the same array under another stamp cannot be compared (the job's rows are
   * that array): a recomputation. (The engine writes a lent array only through a copy.)
   */
  function samePrediction(snap: Float64Array, p: Predicted, e: EpochInput): boolean {
    const { n, rows, rowUid, weights } = e;
    if (e.block !== p.block || n !== p.n || rows !== p.rows || e.tempo !== p.tempo || e.yuma !== p.yuma || e.hyperparameters !== p.hyperparameters) {
      return false;
    }
    const rowAt = 3 * n;
    let oneRun = true;
    for (let r = 0; r < rows; r++) {
      if (snap[rowAt + r] !== rowUid[r]) return false;
      if (rowUid[r] !== rowUid[0] + r) oneRun = false;
    }
    const vouched = p.weightsStamp !== undefined && e.weightsStamp === p.weightsStamp && weights === p.weights;
    if (rows > 0 && !vouched) {
      if (p.inPlace && weights === p.weights) return false;
      const sent = jobViews(snap, n, rows).weights;
      if (oneRun) {
        if (!sameWeights(weights, rowUid[0] * n, sent, 0, rows * n)) return false;
      } else {
        for (let r = 0; r < rows; r++) if (!sameWeights(weights, rowUid[r] * n, sent, r * n, n)) return false;
      }
    }
    if (!sameNumbers(e.stake, snap, 0, n)) return false;
    // The update and registration blocks, like the rows, are vouched for by the same arrays under
    // the same defined stamp (the engine renews it at every write to either).
    const neuronsVouched =
      p.neuronsStamp !== undefined && e.neuronsStamp === p.neuronsStamp && e.lastUpdate === p.lastUpdate && e.registeredAt === p.registeredAt;
    return neuronsVouched || (sameNumbers(e.lastUpdate, snap, n, n) && sameNumbers(e.registeredAt, snap, 2 * n, n));
  }

  function post(s: SubnetJobs, kind: JobHeader['kind'], e: EpochInput): Predicted {
    if (closed) throw new Error('threaded consensus: used after close');
    const len = jobLength(e.n, e.rows);
    // Shared, not transferred: detaching an ArrayBuffer (a transfer does) makes V8 add a detach
    // check to every typed-array access for the rest of the thread's life, measured 1.5x slower
    // on the kernel.
    let fresh = false;
    const inPlace = inPlaceJob(e);
    if (inPlace) {
      // The job ends at the end of the rows: it starts head numbers before the matrix.
      const w = e.weights;
      const at = w.byteOffset - 8 * jobHeadLength(e.n, e.rows);
      if (s.buf.buffer !== w.buffer || s.buf.byteOffset !== at || s.buf.length !== len) {
        s.buf = new Float64Array(w.buffer, at, len);
        fresh = true;
      }
    } else if (s.buf.length !== len || s.buf.buffer === s.inPlaceBuffer) {
      s.buf = new Float64Array(new SharedArrayBuffer(8 * len));
      fresh = true;
    }
    s.inPlaceBuffer = inPlace ? e.weights.buffer : null;
    const buf = s.buf;
    writeInput(s, e, buf, inPlace);
    const hp = e.hyperparameters === s.sentHyperparameters ? null : e.hyperparameters;
    s.sentHyperparameters = e.hyperparameters;
    const id = nextId++;
    const job: JobHeader = {
      kind,
      id,
      netuid: e.netuid,
      block: e.block,
      n: e.n,
      rows: e.rows,
      tempo: e.tempo,
      yuma: e.yuma,
      hyperparameters: hp,
      // Sharing a buffer through a message costs more than the message: only a new one is sent.
      data: fresh ? buf : null,
    };
    send(s.worker, job);
    return {
      id,
      block: e.block,
      n: e.n,
      rows: e.rows,
      tempo: e.tempo,
      yuma: e.yuma,
      hyperparameters: e.hyperparameters,
      weights: e.weights,
      weightsStamp: e.weightsStamp,
      lastUpdate: e.lastUpdate,
      registeredAt: e.registeredAt,
      neuronsStamp: e.neuronsStamp,
      inPlace,
    };
  }

  /** Waits for a job's answer (its result is then in the subnet's buffer). */
  function collect(s: SubnetJobs, id: number): JobDone {
    return waitFor(id, s.worker);
  }

  return {
    stats,
    runEpoch(e: EpochInput, out: EpochResult): void {
      const s = jobsOf(e.netuid);
      if (s.worker < 0) {
        stats.inEngine++;
        local.runEpoch(e, out);
        return;
      }
      const p = s.pending;
      s.pending = null;
      if (p === null) {
        stats.unpredicted++;
        collect(s, post(s, 'run', e).id);
      } else {
        collect(s, p.id);
        if (samePrediction(s.buf, p, e)) stats.hits++;
        else {
          stats.misses++;
          collect(s, post(s, 'redo', e).id);
        }
      }
      const v = jobViews(s.buf, e.n, e.rows);
      // The views are exactly n long (jobViews).
      out.consensus.set(v.consensus);
      out.validatorTrust.set(v.validatorTrust);
      out.incentive.set(v.incentive);
      out.dividends.set(v.dividends);
      out.validatorPermit.set(v.result.validatorPermit);
    },
    prepareEpoch(e: EpochInput): void {
      const s = jobsOf(e.netuid);
      if (s.worker < 0) return;
      const p = s.pending;
      if (p !== null) collect(s, p.id);
      // A second prediction before the epoch: undo the first one's epoch, keep the checkpoint.
      s.pending = post(s, p !== null ? 'redo' : 'speculate', e);
    },
    resetSubnet(netuid: number): void {
      const s = subnets.get(netuid);
      if (s === undefined) return;
      if (s.worker < 0) {
        local.resetSubnet(netuid);
        return;
      }
      if (s.pending !== null) collect(s, s.pending.id);
      s.pending = null;
      // The worker forgets the subnet, its buffer and hyperparameters included: send them again.
      s.sentHyperparameters = null;
      s.buf = new Float64Array(0);
      s.inPlaceBuffer = null;
      const msg: ResetMessage = { kind: 'reset', netuid };
      send(s.worker, msg);
    },
    clearNeuron(netuid: number, uid: number): void {
      const s = subnets.get(netuid);
      if (s === undefined) return;
      if (s.worker < 0) {
        local.clearNeuron(netuid, uid);
        return;
      }
      // A pending prediction ran its epoch on the old neuron: the worker rolls it back to its
      // checkpoint before clearing, and the next epoch runs unpredicted.
      const p = s.pending;
      if (p !== null) collect(s, p.id);
      s.pending = null;
      const msg: ClearNeuronMessage = { kind: 'clear-neuron', netuid, uid, rollback: p !== null };
      send(s.worker, msg);
    },
    close(): void {
      if (closed) return;
      closed = true;
      for (const p of ports) p.close();
      for (const w of workers) void w.terminate();
    },
  };
}
