/**
 * Yuma on worker threads gives the engine's in-thread Yuma's output exactly: the same tables and
 * summary for 1 and 2 workers, through correct predictions (the speculative result used), wrong
 * ones (stakers move stake between epochs: rolled back and recomputed) and events that resize
 * subnets, change hyperparameters and variants, and remove subnets. A worker's error reaches the
 * caller instead of hanging it.
 */
import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from '../../src/io/index.ts';
import { availableParallelism } from 'node:os';
import {
  checkScenario,
  consensusThreads,
  createDtaoMarket,
  createRun,
  epochResultBuffers,
  stepRun,
  summarize,
  threadedYumaConsensus,
  yumaConsensus,
  type ConsensusPort,
  type EpochInput,
  type EpochResult,
  type Scenario,
} from '../../src/sim/index.ts';
import { memoryRecorder } from '../helpers/recorder.ts';
import { tinyScenario } from '../helpers/scenarios.ts';

function runWith(sc: Scenario, consensus: ConsensusPort) {
  const rec = memoryRecorder();
  const state = createRun(sc, rec, { market: createDtaoMarket(sc), consensus });
  while (!stepRun(state, 4096));
  const tables = Object.fromEntries([...rec.tables].map(([name, t]) => [name, t.rows]));
  return { tables, summary: JSON.stringify(summarize(state), (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) };
}

function eventful(): Scenario {
  const r = checkScenario(
    tinyScenario({
      duration: 120,
      events: [
        { kind: 'register-neuron', block: 112, netuid: 1, agent: { kind: 'honest-validator', id: 'late', count: 1, stake: 70 } },
        { kind: 'deregister-neuron', block: 115, netuid: 1, uid: 4 },
        { kind: 'set-hyperparameter', block: 121, netuid: 1, name: 'kappa', value: 20000 },
        { kind: 'set-yuma-variant', block: 131, netuid: 2, yuma: 'yuma3-liquid' },
        { kind: 'deregister-subnet', block: 170, netuid: 2 },
      ],
    }),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

/** A hand-made epoch input of subnet `netuid`: rows uids rowUid[0..rows), weights n x n row-major. */
function handInput(netuid: number, block: number, n: number, rows: number, rowUid: number[], weights: number[], stake: number[]): EpochInput {
  return {
    netuid,
    block,
    n,
    weights: Uint16Array.from(weights),
    rows,
    rowUid: Int32Array.from(rowUid),
    stake: Float64Array.from(stake),
    lastUpdate: new Float64Array(n).fill(block - 1),
    registeredAt: new Float64Array(n),
    tempo: 5,
    hyperparameters: HYPERPARAMETERS,
    yuma: 'classic',
  };
}

const HYPERPARAMETERS = eventful().subnets[0].hyperparameters;

/**
 * A port over the in-thread Yuma that hands each epoch's input to `check` with what `snapshot`
 * took of the subnet's last prediction (undefined when none is pending), for the stamp tests.
 */
function recordingPort<T>(snapshot: (e: EpochInput) => T, check: (e: EpochInput, predicted: T | undefined) => void): ConsensusPort {
  const inner = yumaConsensus();
  const predicted = new Map<number, T>();
  return {
    runEpoch(e, out) {
      const p = predicted.get(e.netuid);
      predicted.delete(e.netuid);
      check(e, p);
      inner.runEpoch(e, out);
    },
    prepareEpoch(e) {
      predicted.set(e.netuid, snapshot(e));
    },
    resetSubnet: (netuid) => {
      predicted.delete(netuid);
      inner.resetSubnet(netuid);
    },
    clearNeuron: (netuid, uid) => {
      predicted.delete(netuid);
      inner.clearNeuron!(netuid, uid);
    },
  };
}

/** tinyScenario with a validator leaving subnet 1 between its epochs at 126 and 135, and a newcomer on subnet 2 (a new weights array). */
function leavingAndJoining(): Scenario {
  const r = checkScenario(
    tinyScenario({
      duration: 80,
      events: [
        { kind: 'deregister-neuron', block: 130, netuid: 1, uid: 0 },
        { kind: 'register-neuron', block: 112, netuid: 2, agent: { kind: 'honest-validator', id: 'late', count: 1, stake: 70 } },
      ],
    }),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

describe('threaded Yuma = in-thread Yuma', () => {
  it('on a tiny scenario with neuron, hyperparameter, variant and subnet events', () => {
    const sc = eventful();
    const reference = runWith(sc, yumaConsensus());
    expect(reference.tables.epochs.length).toBeGreaterThan(50);
    // engineEvery 2: the engine's thread runs the second subnet; the default (0) and 0 leave both to workers
    for (const [threads, engineEvery] of [[1, undefined], [2, undefined], [1, 2], [2, 0]] as const) {
      const port = threadedYumaConsensus(threads, { engineEvery });
      const got = runWith(sc, port);
      expect(got.tables).toEqual(reference.tables);
      expect(got.summary).toBe(reference.summary);
      // the events make some predictions wrong (resized subnet, zeroed row, new kappa)
      expect(port.stats.hits).toBeGreaterThan(0);
      expect(port.stats.misses).toBeGreaterThan(0);
      expect(port.stats.inEngine > 0).toBe(engineEvery === 2);
    }
  }, 60_000);

  it('with pruning: registrations into a full subnet replace validators and miners between a prediction and its epoch', () => {
    // Subnet 1 holds 6 uids and is full; immunity 5 blocks, no floor. Three validators join at 112
    // and two miners at 150: each replaces the uid get_neuron_to_prune picks, right after the
    // engine handed the workers a prediction (rolled back, then the uid's bonds cleared).
    const r = checkScenario(
      tinyScenario({
        duration: 120,
        subnets: [
          { netuid: 1, tempo: 9, hyperparameters: { max_allowed_uids: 6, immunity_period: 5, min_non_immune_uids: 0 } },
          { netuid: 2, tempo: 12, hyperparameters: { kappa: 40000 } },
        ],
        events: [
          { kind: 'register-neuron', block: 112, netuid: 1, agent: { kind: 'honest-validator', id: 'late', count: 3, stake: 70 } },
          { kind: 'register-neuron', block: 150, netuid: 1, agent: { kind: 'miner', id: 'late-m', count: 2 } },
        ],
      }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const reference = runWith(r.scenario, yumaConsensus());
    const ids = new Set(reference.tables.epochs.map((row) => String(row[5])));
    // the joiners took uids (the subnet stayed at 6): 3 validators and 2 miners are in epochs.csv
    expect(['late/1/0', 'late/1/1', 'late/1/2', 'late-m/1/0', 'late-m/1/1'].every((id) => ids.has(id))).toBe(true);
    expect(reference.tables.epochs.every((row) => row[1] !== 1 || (row[2] as number) < 6)).toBe(true);
    for (const [threads, engineEvery] of [[1, undefined], [2, 0], [1, 2]] as const) {
      const port = threadedYumaConsensus(threads, { engineEvery });
      try {
        const got = runWith(r.scenario, port);
        expect(got.tables).toEqual(reference.tables);
        expect(got.summary).toBe(reference.summary);
        expect(port.stats.hits).toBeGreaterThan(0);
      } finally {
        port.close();
      }
    }
  }, 60_000);

  it('a neuron replaced between a prediction and its epoch: the speculated epoch is undone before the uid is cleared', () => {
    // uids 0 and 1 validate, 2 and 3 mine; miner uid 2 is replaced at 17, after the prediction for
    // 20 was handed over. Undone, the subnet's last epoch is 15 again, so the epoch at 20 sees uid
    // 2 as registered since it (its bonds column masked); a worker that kept the speculated epoch
    // would have 20 as the last epoch, and bonds one EMA step further.
    const w10 = [0, 0, 1, 3, 0, 0, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    const w15 = [0, 0, 2, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    const w20 = [0, 0, 1, 1, 0, 0, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0];
    const steps = (port: ConsensusPort) => {
      const outs = [];
      for (const [block, w] of [[10, w10], [15, w15]] as const) {
        port.prepareEpoch?.(handInput(5, block, 4, 2, [0, 1], w, [5, 3, 0, 0]));
        const out = epochResultBuffers(4);
        port.runEpoch(handInput(5, block, 4, 2, [0, 1], w, [5, 3, 0, 0]), out);
        outs.push(out);
      }
      port.prepareEpoch?.(handInput(5, 20, 4, 2, [0, 1], w15, [5, 3, 0, 0]));
      port.clearNeuron?.(5, 2);
      const replaced = { ...handInput(5, 20, 4, 2, [0, 1], w20, [5, 3, 0, 0]), registeredAt: Float64Array.from([0, 0, 17, 0]) };
      const out = epochResultBuffers(4);
      port.runEpoch(replaced, out);
      outs.push(out);
      return outs;
    };
    const reference = steps(yumaConsensus());
    const port = threadedYumaConsensus(1, { engineEvery: 0 });
    try {
      expect(steps(port)).toEqual(reference);
      expect(port.stats.hits).toBe(2);
      expect(port.stats.unpredicted).toBe(1);
    } finally {
      port.close();
    }
  }, 60_000);

  it('on stake-rush, where yield chasers and the whale move stake between epochs', () => {
    const r = checkScenarioFile('scenarios/stake-rush.yaml', { blocks: 8_000 });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const reference = runWith(r.scenario, yumaConsensus());
    const port = threadedYumaConsensus(2);
    const got = runWith(r.scenario, port);
    expect(got.tables).toEqual(reference.tables);
    expect(got.summary).toBe(reference.summary);
    expect(port.stats.hits).toBeGreaterThan(0);
    expect(port.stats.misses).toBeGreaterThan(0);
  }, 60_000);

  it('forgets a reset subnet as the in-thread port does, and takes it up again', () => {
    const input = (block: number, w: number) =>
      handInput(3, block, 4, 2, [0, 1], [0, w, 10000, 5000, 2000, 0, 7000, 1000, 0, 0, 0, 0, 0, 0, 0, 0], [10, 6, 0, 0]);
    const steps = (port: ConsensusPort) => {
      const outs = [];
      for (const [block, w, reset] of [[10, 3000, false], [15, 9000, false], [20, 9000, true], [25, 4000, false]] as const) {
        if (reset) port.resetSubnet(3);
        port.prepareEpoch?.(input(block, 1000));
        const out = epochResultBuffers(4);
        port.runEpoch(input(block, w), out);
        outs.push(out);
      }
      return outs;
    };
    const reference = steps(yumaConsensus());
    const port = threadedYumaConsensus(1, { engineEvery: 0 });
    try {
      expect(steps(port)).toEqual(reference);
      expect(port.stats.misses).toBe(4);
    } finally {
      port.close();
    }
  }, 60_000);

  it('compares the weight rows unless the same array carries the same stamp; a new stamp makes them compared again', () => {
    const base = [0, 3000, 10000, 5000, 2000, 0, 7000, 1000, 0, 0, 0, 0, 0, 0, 0, 0];
    const stamped = (block: number, weights: Uint16Array, stamp: number | undefined): EpochInput => ({
      ...handInput(4, block, 4, 2, [0, 1], base, [10, 6, 0, 0]),
      weights,
      weightsStamp: stamp,
    });
    const port = threadedYumaConsensus(1, { engineEvery: 0 });
    const ref = yumaConsensus();
    try {
      // 1: the same array and stamp, weights untouched: the prediction is used.
      // 2: a row changed after the prediction with a new stamp: recomputed, as the in-thread port.
      // 3: no stamp: compared number by number (equal: used).
      // 4: the same stamp on a different array (equal numbers): compared, used.
      const w = Uint16Array.from(base);
      const outs: EpochResult[] = [];
      const refs: EpochResult[] = [];
      const epoch = (predicted: EpochInput, real: EpochInput) => {
        port.prepareEpoch!(predicted);
        const out = epochResultBuffers(4);
        port.runEpoch(real, out);
        outs.push(out);
        const r = epochResultBuffers(4);
        ref.runEpoch(real, r);
        refs.push(r);
      };
      epoch(stamped(10, w, 7), stamped(10, w, 7));
      expect([port.stats.hits, port.stats.misses]).toEqual([1, 0]);
      const predicted = stamped(15, w, 8);
      port.prepareEpoch!(predicted);
      w[1] = 9000;
      const out = epochResultBuffers(4);
      port.runEpoch(stamped(15, w, 9), out);
      outs.push(out);
      const r = epochResultBuffers(4);
      ref.runEpoch(stamped(15, w, 9), r);
      refs.push(r);
      expect([port.stats.hits, port.stats.misses]).toEqual([1, 1]);
      epoch(stamped(20, w, undefined), stamped(20, w, undefined));
      epoch(stamped(25, w, 11), stamped(25, Uint16Array.from(w), 11));
      expect([port.stats.hits, port.stats.misses]).toEqual([3, 1]);
      expect(outs).toEqual(refs);
      // The changed row matters: the recomputed epoch differs from what the old weights give.
      const old = yumaConsensus();
      const o = epochResultBuffers(4);
      old.runEpoch(stamped(10, Uint16Array.from(base), undefined), epochResultBuffers(4));
      old.runEpoch(stamped(15, Uint16Array.from(base), undefined), o);
      expect(o).not.toEqual(refs[1]);
    } finally {
      port.close();
    }
  }, 60_000);

  it("the engine's weights stamp vouches only for unchanged weights: every write between a prediction and its epoch goes to a copy with a new stamp", () => {
    // At each epoch: the stamp and the weight rows of its prediction against the real input's.
    // The lent array itself is never written (the zeroed row and the newcomer's row go to copies).
    let vouched = 0;
    let renewed = 0;
    let copied = 0;
    const rowsOf = (e: EpochInput) => Array.from(e.weights.subarray(0, e.n * e.n));
    const port = recordingPort(
      (e) => ({ weights: e.weights, stamp: e.weightsStamp, copy: rowsOf(e) }),
      (e, p) => {
        if (p === undefined) return;
        expect(e.weightsStamp).toBeTypeOf('number');
        if (p.weights === e.weights && p.stamp === e.weightsStamp) {
          vouched++;
          expect(rowsOf(e)).toEqual(p.copy);
        } else if (p.weights === e.weights) renewed++;
        else {
          copied++;
          expect(e.weightsStamp).not.toBe(p.stamp);
        }
        expect(Array.from(p.weights.subarray(0, e.n * e.n))).toEqual(p.copy);
      },
    );
    runWith(leavingAndJoining(), port);
    expect(vouched).toBeGreaterThan(5);
    expect(copied).toBeGreaterThan(0);
    expect(renewed).toBe(0);
  }, 60_000);

  it("the engine's neurons stamp vouches only for unchanged update and registration blocks: every write to them renews it", () => {
    // At each epoch: under the same arrays and stamp as its prediction, the lastUpdate and
    // registeredAt numbers are the prediction's; numbers that changed come with a new stamp (the
    // validator leaving sets its lastUpdate to -1 in the same arrays).
    const numbersOf = (e: EpochInput) => [...Array.from(e.lastUpdate.subarray(0, e.n)), ...Array.from(e.registeredAt.subarray(0, e.n))];
    let vouched = 0;
    let renewed = 0;
    const port = recordingPort(
      (e) => ({ lastUpdate: e.lastUpdate, registeredAt: e.registeredAt, stamp: e.neuronsStamp, copy: numbersOf(e) }),
      (e, p) => {
        if (p === undefined) return;
        expect(e.neuronsStamp).toBeTypeOf('number');
        const same = p.lastUpdate === e.lastUpdate && p.registeredAt === e.registeredAt && p.stamp === e.neuronsStamp;
        const now = numbersOf(e);
        if (same) {
          vouched++;
          expect(now).toEqual(p.copy);
        } else if (p.stamp !== e.neuronsStamp && p.lastUpdate === e.lastUpdate) renewed++;
        if (now.length !== p.copy.length || now.some((x, i) => !Object.is(x, p.copy[i]))) expect(same).toBe(false);
      },
    );
    runWith(leavingAndJoining(), port);
    expect(vouched).toBeGreaterThan(5);
    expect(renewed).toBeGreaterThan(0);
  }, 60_000);

  it('subnet weights are shared, with room for a job before them, only for a consensus that predicts epochs', () => {
    const sc = eventful();
    const plain = createRun(sc, memoryRecorder(), { market: createDtaoMarket(sc), consensus: yumaConsensus() });
    const inner = yumaConsensus();
    const predicting: ConsensusPort = { ...inner, runEpoch: (e, out) => inner.runEpoch(e, out), resetSubnet: (u) => inner.resetSubnet(u), prepareEpoch: () => {} };
    const shared = createRun(sc, memoryRecorder(), { market: createDtaoMarket(sc), consensus: predicting });
    for (const s of plain.subnets) {
      expect(s.weights.buffer instanceof SharedArrayBuffer).toBe(false);
      expect(s.input.weightsHeadroom).toBe(0);
    }
    for (const s of shared.subnets) {
      expect(s.weights.buffer instanceof SharedArrayBuffer).toBe(true);
      // 9n numbers of room: a job's head is 8n + rows <= 9n
      expect(s.weights.byteOffset).toBe(8 * 9 * s.n);
      expect(s.input.weightsHeadroom).toBe(9 * s.n);
    }
  });

  it('reads the rows in place from a lent matrix with headroom, and trusts them only under the same stamp', () => {
    // n = 4, rows 0 and 1: the job's head (8n + rows = 34 numbers) goes into the 36 numbers of
    // room before each matrix, and the rows are not copied.
    const n = 4;
    const room = 36;
    const base = [0, 3000, 10000, 5000, 2000, 0, 7000, 1000, 0, 0, 0, 0, 0, 0, 0, 0];
    const matrix = (values: number[]) => {
      const w = new Uint16Array(new SharedArrayBuffer(8 * room + 2 * n * n), 8 * room, n * n);
      w.set(values);
      return w;
    };
    const lent = (block: number, weights: Uint16Array, stamp: number): EpochInput => ({
      ...handInput(6, block, n, 2, [0, 1], base, [10, 6, 0, 0]),
      weights,
      weightsStamp: stamp,
      weightsHeadroom: room,
    });
    const port = threadedYumaConsensus(1, { engineEvery: 0 });
    const ref = yumaConsensus();
    try {
      const outs: EpochResult[] = [];
      const refs: EpochResult[] = [];
      const epoch = (predicted: EpochInput, between: () => EpochInput) => {
        port.prepareEpoch!(predicted);
        const real = between();
        const out = epochResultBuffers(n);
        port.runEpoch(real, out);
        outs.push(out);
        const r = epochResultBuffers(n);
        ref.runEpoch(real, r);
        refs.push(r);
      };
      const w1 = matrix(base);
      epoch(lent(10, w1, 1), () => lent(10, w1, 1));
      expect([port.stats.hits, port.stats.misses]).toEqual([1, 0]);
      // The job lives in the room: its stake vector starts 34 numbers before the matrix.
      const whole = new Float64Array(w1.buffer);
      expect(Array.from(whole.subarray(room - 34, room - 34 + n))).toEqual([10, 6, 0, 0]);
      // A row written into a copy (new stamp) is compared with the lent rows: different, recomputed.
      const w2 = matrix(base);
      epoch(lent(15, w1, 2), () => {
        w2[1] = 9000;
        return lent(15, w2, 3);
      });
      expect([port.stats.hits, port.stats.misses]).toEqual([1, 1]);
      // An equal copy under a new stamp: compared, used.
      const w3 = matrix(Array.from(w2));
      epoch(lent(20, w2, 4), () => lent(20, w3, 5));
      expect([port.stats.hits, port.stats.misses]).toEqual([2, 1]);
      // The lent array itself under a new stamp cannot be compared with what the job read: recomputed.
      epoch(lent(25, w3, 6), () => lent(25, w3, 7));
      expect([port.stats.hits, port.stats.misses]).toEqual([2, 2]);
      expect(outs).toEqual(refs);
    } finally {
      port.close();
    }
  }, 60_000);

  it('a stake, update or registration vector differing only in the sign of a zero, or holding NaN, is not the prediction', () => {
    const base = [0, 3000, 10000, 5000, 2000, 0, 7000, 1000, 0, 0, 0, 0, 0, 0, 0, 0];
    const input = (block: number, stake: number[], edit?: (e: EpochInput) => void) => {
      const e = handInput(5, block, 4, 2, [0, 1], base, stake);
      edit?.(e);
      return e;
    };
    const port = threadedYumaConsensus(1, { engineEvery: 0 });
    const ref = yumaConsensus();
    try {
      const outs: EpochResult[] = [];
      const refs: EpochResult[] = [];
      const epoch = (predicted: EpochInput, real: EpochInput) => {
        port.prepareEpoch!(predicted);
        const out = epochResultBuffers(4);
        port.runEpoch(real, out);
        outs.push(out);
        const r = epochResultBuffers(4);
        ref.runEpoch(real, r);
        refs.push(r);
      };
      epoch(input(10, [10, 6, 0, 0]), input(10, [10, 6, 0, 0]));
      expect([port.stats.hits, port.stats.misses]).toEqual([1, 0]);
      epoch(input(15, [10, 6, 0, 0]), input(15, [10, 6, -0, 0]));
      epoch(input(20, [10, 6, 0, 0], (e) => (e.lastUpdate[3] = 0)), input(20, [10, 6, 0, 0], (e) => (e.lastUpdate[3] = -0)));
      epoch(input(25, [10, 6, 0, 0]), input(25, [10, 6, 0, 0], (e) => (e.registeredAt[2] = -0)));
      epoch(input(30, [10, 6, 0, Number.NaN]), input(30, [10, 6, 0, Number.NaN]));
      expect([port.stats.hits, port.stats.misses]).toEqual([1, 4]);
      expect(outs).toEqual(refs);
    } finally {
      port.close();
    }
  }, 60_000);

  it('follows a subnet whose size and rows change while its job buffer keeps its length', () => {
    // A job holds 3n + rows + 5n numbers and then the rows*n u16 weights in ceil(rows*n / 4)
    // numbers: (n, rows) = (7, 4) gives 21 + 4 + 35 + 7 = 67, and (8, 1) gives 24 + 1 + 40 + 2 = 67.
    const w74 = [
      ...[0, 0, 0, 0, 1, 0, 2], ...[0, 0, 0, 0, 2, 1, 0], ...[0, 0, 0, 0, 3, 0, 1], ...[0, 0, 0, 0, 1, 1, 1],
      ...new Array(21).fill(0),
    ];
    const w81 = [0, 0, 0, 2, 1, 3, 1, 4, ...new Array(56).fill(0)];
    const steps = (port: ConsensusPort) => {
      const a = epochResultBuffers(7);
      port.prepareEpoch?.(handInput(9, 10, 7, 4, [0, 1, 2, 3], w74, [4, 3, 2, 1, 0, 0, 0]));
      port.runEpoch(handInput(9, 10, 7, 4, [0, 1, 2, 3], w74, [4, 3, 2, 1, 0, 0, 0]), a);
      const b = epochResultBuffers(8);
      port.prepareEpoch?.(handInput(9, 15, 8, 1, [0], w81, [5, 0, 0, 0, 0, 0, 0, 0]));
      port.runEpoch(handInput(9, 15, 8, 1, [0], w81, [5, 0, 0, 0, 0, 0, 0, 0]), b);
      return [a, b];
    };
    const reference = steps(yumaConsensus());
    expect(reference[1].incentive.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    const port = threadedYumaConsensus(1, { engineEvery: 0 });
    try {
      expect(steps(port)).toEqual(reference);
      expect(port.stats.hits).toBe(2);
    } finally {
      port.close();
    }
  }, 60_000);

  it("passes a worker's error to the caller", () => {
    const port = threadedYumaConsensus(1, { engineEvery: 0 });
    try {
      // rows not ascending: the kernel refuses them
      const input = handInput(1, 10, 3, 2, [2, 1], new Array(9).fill(0), [1, 1, 1]);
      expect(() => port.runEpoch(input, epochResultBuffers(3))).toThrow(/consensus worker 0: YUMA_ROWS_NOT_ASCENDING/);
    } finally {
      port.close();
    }
  }, 60_000);

  it('fails at once, naming the worker, when a worker thread stops', () => {
    const port = threadedYumaConsensus(1, { engineEvery: 0, entry: new URL('./fixtures/stopping-worker.js', import.meta.url) });
    const t0 = Date.now();
    try {
      expect(() => port.runEpoch(handInput(1, 10, 2, 1, [0], [0, 0, 0, 0], [1, 1]), epochResultBuffers(2))).toThrow(/consensus worker 0 stopped before answering job 1/);
      expect(Date.now() - t0).toBeLessThan(20_000);
    } finally {
      port.close();
    }
  }, 60_000);

  it('uses workers by default only for 16+ subnets on 2+ cores, one per core besides the engine thread', () => {
    const big = checkScenarioFile('scenarios/network-year.yaml', { blocks: 10 });
    const small = checkScenarioFile('scenarios/baseline.yaml', { blocks: 10 });
    if (!big.ok || !small.ok) throw new Error('bundled scenarios must be valid');
    const cores = availableParallelism();
    expect(consensusThreads(big.scenario)).toBe(cores >= 2 ? cores - 1 : 0);
    expect(consensusThreads(small.scenario)).toBe(0);
    expect(consensusThreads(small.scenario, 3)).toBe(3);
    expect(consensusThreads(big.scenario, 0)).toBe(0);
  });

  it('refuses a thread count that is not a whole number >= 1', () => {
    for (const t of [0, -1, 1.5, Number.NaN]) expect(() => threadedYumaConsensus(t)).toThrow(/threads/);
    for (const e of [-1, 0.5]) expect(() => threadedYumaConsensus(1, { engineEvery: e })).toThrow(/engineEvery/);
  });
});

describe('job buffer views', () => {
  it('are made once per buffer and size, and made again for a new size', async () => {
    const { jobLength, jobViews } = await import('../../src/sim/consensusJob.ts');
    const buf = new Float64Array(jobLength(4, 2));
    const a = jobViews(buf, 4, 2);
    expect(jobViews(buf, 4, 2)).toBe(a);
    expect(a.weights.length).toBe(8);
    // the permits are the first 4 bytes of the result's last 4 float64s (12 + 2 + 4 * 4 = 30 in)
    expect(a.result.validatorPermit.length).toBe(4);
    expect(a.result.validatorPermit.byteOffset).toBe(8 * 30);
    expect(a.result.validatorPermit.buffer).toBe(buf.buffer);
    expect(a.result.consensus).toBe(a.consensus);
    // stake first, the weight rows last: 3*4 + 2 + 5*4 = 34 numbers before the rows
    expect(a.stake.byteOffset).toBe(0);
    expect(a.weights.byteOffset).toBe(8 * 34);
    // the 8 u16 weights fill the last 2 float64s
    expect(a.weights.byteOffset + 2 * 8).toBe(buf.byteLength);
    expect(a.weights.buffer).toBe(buf.buffer);
    // (n, rows) = (7, 4) and (8, 1) lay out a buffer of the same length (60 + 7 = 65 + 2 = 67
    // float64s) differently: the rows start at 21 + 4 + 35 = 60 and 24 + 1 + 40 = 65.
    const c = new Float64Array(jobLength(7, 4));
    expect(jobLength(8, 1)).toBe(c.length);
    expect(c.length).toBe(67);
    const v74 = jobViews(c, 7, 4);
    const v81 = jobViews(c, 8, 1);
    expect(v81).not.toBe(v74);
    expect(v81.weights.length).toBe(8);
    expect(v81.weights.byteOffset).toBe(8 * 65);
    expect(v81.rowUid.byteOffset).toBe(8 * 24);
    expect(jobViews(c, 7, 4)).not.toBe(v81);
    expect(jobViews(c, 7, 4).weights.byteOffset).toBe(8 * 60);
    expect(jobViews(c, 7, 4).weights.length).toBe(28);
    expect(jobViews(c, 7, 4).rowUid.byteOffset).toBe(8 * 21);
  });
});
