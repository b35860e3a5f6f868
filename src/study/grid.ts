/**
 * The study's grid: major stake x W_H x W_C x replicate, split into rows (one major stake, one
 * W_H, one replicate: every W_C) that any worker can compute alone. A row's numbers depend only
 * on the config and its coordinates, never on which worker ran it or when.
 */
import seedrandom from 'seedrandom';
import { hashSeed, type Uniform } from '../sweep/index.ts';
import type { YumaVariant } from '../yuma/index.ts';
import { createStudyEpochContext, runStudyPoint, type StudyEpochContext, type StudyPoint } from './epoch.ts';
import { sampleStudyDraws, studyGraph, type StudyDraws } from './sampler.ts';

/** Everything a study run needs (plain data: it crosses worker threads). */
export interface StudyConfig {
  /** Weight standard deviation sigma (the chain's weight_stddev; 0.4 in its test). */
  readonly sigma: number;
  /** Stake standard deviation (0.3 in the chain's split_graph). */
  readonly stakeSd: number;
  readonly bondsPenalty: number;
  readonly kappa: number;
  readonly variant: YumaVariant;
  /** Epochs with the weights set (1 = the chain's study). */
  readonly epochs: number;
  readonly majorStakes: readonly number[];
  /** Grid points per weight axis: W = (grid - 1 - i) / (grid - 1), i = 0..grid-1 (1 down to 0). */
  readonly grid: number;
  readonly replicates: number;
  readonly seed: number;
  readonly validators: number;
  readonly network: number;
}

export const CHAIN_MAJOR_STAKES: readonly number[] = [0.51, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99];

export const DEFAULT_STUDY_CONFIG: StudyConfig = {
  sigma: 0.4,
  stakeSd: 0.3,
  bondsPenalty: 1,
  kappa: 0.5,
  variant: 'classic',
  epochs: 1,
  majorStakes: CHAIN_MAJOR_STAKES,
  grid: 51,
  replicates: 1,
  seed: 0,
  validators: 64,
  network: 512,
};

/** W at grid index i, in the chain's loop order (i = 0 is W = 1). */
export function gridWeight(grid: number, i: number): number {
  return (grid - 1 - i) / (grid - 1);
}

/** The seed of replicate r: hashSeed('study-consensus', seed, r), a 48-bit integer. */
export function replicateSeed(seed: number, replicate: number): number {
  return hashSeed('study-consensus', seed, replicate);
}

/** A seedrandom stream for an integer seed. */
export function uniformFromSeed(seed: number): Uniform {
  const prng = seedrandom(String(seed));
  return () => prng.double();
}

/** Row index -> (replicate, stake index, W_H index); rows ordered replicate, stake, W_H. */
export interface StudyRow {
  readonly replicate: number;
  readonly stakeIndex: number;
  readonly majorIndex: number;
}

export function rowCount(c: StudyConfig): number {
  return c.replicates * c.majorStakes.length * c.grid;
}

export function rowOf(c: StudyConfig, row: number): StudyRow {
  const majorIndex = row % c.grid;
  const rest = (row - majorIndex) / c.grid;
  const stakeIndex = rest % c.majorStakes.length;
  return { replicate: (rest - stakeIndex) / c.majorStakes.length, stakeIndex, majorIndex };
}

/**
 * Computes rows, keeping the memory (epoch context) and the last draws between calls: the draws
 * of a (replicate, major stake) are sampled once and reused for its grid x grid points. The same
 * draws come out whichever rows a computer sees first.
 */
export interface StudyRowComputer {
  /** Writes the row's grid major ratios and avg_weight_devs into out (length 2 x grid). */
  compute(row: number, out: Float64Array): Float64Array;
}

export function createRowComputer(c: StudyConfig): StudyRowComputer {
  const ctx: StudyEpochContext = createStudyEpochContext(c.network, c.validators, c);
  let drawsKey = -1;
  let draws: StudyDraws | null = null;
  const point: StudyPoint = { majorRatio: 0, avgWeightDev: 0 };
  return {
    compute(row, out) {
      const { replicate, stakeIndex, majorIndex } = rowOf(c, row);
      const key = replicate * c.majorStakes.length + stakeIndex;
      if (key !== drawsKey || draws === null) {
        const stake = c.majorStakes[stakeIndex];
        const graph = studyGraph(stake, c.validators, c.network);
        draws = sampleStudyDraws(graph, stake, c.stakeSd, c.sigma, uniformFromSeed(replicateSeed(c.seed, replicate)));
        drawsKey = key;
      }
      const wH = gridWeight(c.grid, majorIndex);
      for (let k = 0; k < c.grid; k++) {
        runStudyPoint(ctx, draws, wH, gridWeight(c.grid, k), point);
        out[k] = point.majorRatio;
        out[c.grid + k] = point.avgWeightDev;
      }
      return out;
    },
  };
}

/** The whole study's numbers: ratio[((rep x S + s) x grid + i) x grid + k], same for devs. */
export interface StudyTable {
  readonly config: StudyConfig;
  readonly majorRatio: Float64Array;
  readonly avgWeightDev: Float64Array;
}

export function emptyTable(c: StudyConfig): StudyTable {
  const size = rowCount(c) * c.grid;
  return { config: c, majorRatio: new Float64Array(size), avgWeightDev: new Float64Array(size) };
}

/** Stores a computed row (as returned by `compute`) into the table. */
export function storeRow(t: StudyTable, row: number, values: Float64Array): void {
  const g = t.config.grid;
  t.majorRatio.set(values.subarray(0, g), row * g);
  t.avgWeightDev.set(values.subarray(g, 2 * g), row * g);
}

/** Every row in this thread, in order. `onRow(done, total)` after each row. */
export function runStudyInline(c: StudyConfig, onRow?: (done: number, total: number) => void): StudyTable {
  const t = emptyTable(c);
  const comp = createRowComputer(c);
  const buf = new Float64Array(2 * c.grid);
  const total = rowCount(c);
  for (let r = 0; r < total; r++) {
    storeRow(t, r, comp.compute(r, buf));
    onRow?.(r + 1, total);
  }
  return t;
}
