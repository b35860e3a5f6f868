/**
 * The layout of one epoch job as it travels between the engine's thread and a consensus worker:
 * one Float64Array over a SharedArrayBuffer (the subnet's, reused every epoch) holding the
 * input, then room for the result. Shared by threadedConsensus.ts (main side) and consensusWorker.ts (worker side).
 *
 *   [0, 3n)                stake, lastUpdate, registeredAt (n each)
 *   then rows              rowUid (as float64)
 *   then n each            result: consensus, validatorTrust, incentive, dividends, and n float64s
 *                          whose first n bytes are validatorPermit (0/1, a Uint8Array view)
 *   then rows*n u16        the compact weight rows (row r = uid rowUid[r]), as the chain's u16,
 *                          in ceil(rows*n / 4) float64s
 *
 * The rows come last so that a job can be a view ending inside the engine's own weight matrix:
 * when the rows are uids 0..rows-1 of a matrix over a SharedArrayBuffer with room before it
 * (EpochInput.weightsHeadroom), the job's other parts go into that room and the rows are not
 * copied (threadedConsensus.ts).
 */
import type { EpochResult } from './ports.ts';
import type { Hyperparameters, SubnetConfig } from './scenarioSchema.ts';

export interface JobHeader {
  /** 'run': compute and keep; 'speculate': checkpoint first, then compute; 'redo': roll back to the checkpoint, then compute. */
  kind: 'run' | 'speculate' | 'redo';
  id: number;
  netuid: number;
  block: number;
  n: number;
  rows: number;
  tempo: number;
  yuma: SubnetConfig['yuma'];
  /** Sent when it differs from the last one sent for this subnet; else null. */
  hyperparameters: Hyperparameters | null;
  /** The subnet's job buffer (a SharedArrayBuffer view), sent when it is new; else null (the worker keeps it). */
  data: Float64Array | null;
}

export interface ResetMessage {
  kind: 'reset';
  netuid: number;
}

/**
 * A neuron replaced the one at `uid`: the worker first rolls back the subnet's speculated epoch
 * when `rollback` (a prediction was pending: its epoch ran on the old neuron), then clears the
 * uid's bonds row and permit.
 */
export interface ClearNeuronMessage {
  kind: 'clear-neuron';
  netuid: number;
  uid: number;
  rollback: boolean;
}

export interface JobDone {
  id: number;
  error: string | null;
  /** The worker's total milliseconds computing epochs so far. */
  busyMs: number;
}

/** The job's length in float64s: the head, then the u16 rows rounded up to whole float64s. */
export function jobLength(n: number, rows: number): number {
  return jobHeadLength(n, rows) + Math.ceil((rows * n) / 4);
}

/** The numbers before the weight rows in a job: the input vectors, rowUid and the result. */
export function jobHeadLength(n: number, rows: number): number {
  return 3 * n + rows + 5 * n;
}

export interface JobViews {
  weights: Uint16Array;
  stake: Float64Array;
  lastUpdate: Float64Array;
  registeredAt: Float64Array;
  rowUid: Float64Array;
  consensus: Float64Array;
  validatorTrust: Float64Array;
  incentive: Float64Array;
  dividends: Float64Array;
  /** The result part as an EpochResult: the worker's consensus writes it in place. */
  result: EpochResult;
}

/** The views last made of each job buffer, with the sizes they were made for. */
const viewsOf = new WeakMap<Float64Array, { n: number; rows: number; views: JobViews }>();

/**
 * The job buffer's parts as views (read-only use: the object is shared). Made once per buffer
 * and size and reused, so neither thread allocates views per epoch.
 */
export function jobViews(data: Float64Array, n: number, rows: number): JobViews {
  const known = viewsOf.get(data);
  if (known !== undefined && known.n === n && known.rows === rows) return known.views;
  let at = 0;
  const take = (len: number) => {
    const v = data.subarray(at, at + len);
    at += len;
    return v;
  };
  const stake = take(n);
  const lastUpdate = take(n);
  const registeredAt = take(n);
  const rowUid = take(rows);
  const consensus = take(n);
  const validatorTrust = take(n);
  const incentive = take(n);
  const dividends = take(n);
  const permitRoom = take(n);
  const result: EpochResult = {
    consensus,
    validatorTrust,
    incentive,
    dividends,
    validatorPermit: new Uint8Array(permitRoom.buffer, permitRoom.byteOffset, n),
  };
  const weights = new Uint16Array(data.buffer, data.byteOffset + 8 * at, rows * n);
  const views: JobViews = { weights, stake, lastUpdate, registeredAt, rowUid, consensus, validatorTrust, incentive, dividends, result };
  viewsOf.set(data, { n, rows, views });
  return views;
}
