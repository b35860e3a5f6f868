/** One column of the median's inputs, as the kernel forms them, for the median tests. */
import { weightedMedianOfColumn } from '../../src/yuma/index.ts';

export interface Column {
  stake: Float64Array;
  score: Float64Array;
  minority: number;
  total: number;
}

/** Stakes normalized in participant order, as the kernel does; minority = total - kappa. */
export function column(stakeRaw: number[], score: number[], kappa: number): Column {
  const m = stakeRaw.length;
  const stake = Float64Array.from(stakeRaw);
  let sum = 0;
  for (let p = 0; p < m; p++) sum += stake[p];
  if (sum !== 0) for (let p = 0; p < m; p++) stake[p] = stake[p] / sum;
  let total = 0;
  for (let p = 0; p < m; p++) total += stake[p];
  return { stake, score: Float64Array.from(score), minority: total - kappa, total };
}

/** The chain's partition search (the TypeScript reference) on the column. */
export function chainMedian(c: Column): number {
  const m = c.stake.length;
  return weightedMedianOfColumn(c.stake, c.score, m, c.minority, c.total, new Int32Array(m), new Int32Array(m), new Int32Array(m));
}
