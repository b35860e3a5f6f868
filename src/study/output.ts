/**
 * The study's files: grid.csv (one row per grid point, the chain's printed columns plus the
 * replicate and its seed) and retention.csv (one row per major stake and replicate). Columns are
 * declared here; numbers are written as String(x) (shortest text that reads back exactly).
 */
import { gridWeight, replicateSeed, type StudyTable } from './grid.ts';
import { retentionThreshold, type Retention } from './retention.ts';

export const GRID_COLUMNS = ['major_stake', 'major_weight', 'minor_weight', 'avg_weight_dev', 'major_ratio', 'replicate', 'seed'] as const;
export const RETENTION_COLUMNS = [
  'major_stake', 'replicate', 'seed', 'retention_major_weight', 'retention_major_weight_interp', 'worst_minor_weight',
] as const;

function cell(x: number): string {
  return String(x);
}

/** The weights of the grid axis in the chain's order (1 down to 0). */
export function gridWeights(grid: number): number[] {
  return Array.from({ length: grid }, (_, i) => gridWeight(grid, i));
}

export function gridCsv(t: StudyTable): string {
  const c = t.config;
  const g = c.grid;
  const w = gridWeights(g);
  const lines: string[] = [GRID_COLUMNS.join(',')];
  for (let rep = 0; rep < c.replicates; rep++) {
    const seed = replicateSeed(c.seed, rep);
    for (let s = 0; s < c.majorStakes.length; s++) {
      for (let i = 0; i < g; i++) {
        const base = ((rep * c.majorStakes.length + s) * g + i) * g;
        for (let k = 0; k < g; k++) {
          lines.push([c.majorStakes[s], w[i], w[k], t.avgWeightDev[base + k], t.majorRatio[base + k], rep, seed].map(cell).join(','));
        }
      }
    }
  }
  return lines.join('\n') + '\n';
}

/** The ratios of one (replicate, major stake) block: grid x grid, W_H rows. */
export function ratioBlock(t: StudyTable, replicate: number, stakeIndex: number): Float64Array {
  const g = t.config.grid;
  const base = (replicate * t.config.majorStakes.length + stakeIndex) * g * g;
  return t.majorRatio.subarray(base, base + g * g);
}

/** The mean over replicates of each grid point's ratio for one major stake. */
export function meanRatioBlock(t: StudyTable, stakeIndex: number): Float64Array {
  const g = t.config.grid;
  const out = new Float64Array(g * g);
  for (let rep = 0; rep < t.config.replicates; rep++) {
    const b = ratioBlock(t, rep, stakeIndex);
    for (let x = 0; x < g * g; x++) out[x] += b[x];
  }
  for (let x = 0; x < g * g; x++) out[x] /= t.config.replicates;
  return out;
}

export interface RetentionRow extends Retention {
  majorStake: number;
  replicate: number;
  seed: number;
}

export function retentionRows(t: StudyTable): RetentionRow[] {
  const c = t.config;
  const w = gridWeights(c.grid);
  const rows: RetentionRow[] = [];
  for (let rep = 0; rep < c.replicates; rep++) {
    for (let s = 0; s < c.majorStakes.length; s++) {
      const r = retentionThreshold(ratioBlock(t, rep, s), w, c.majorStakes[s]);
      rows.push({ majorStake: c.majorStakes[s], replicate: rep, seed: replicateSeed(c.seed, rep), ...r });
    }
  }
  return rows;
}

export function retentionCsv(rows: readonly RetentionRow[]): string {
  const lines: string[] = [RETENTION_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push([r.majorStake, r.replicate, r.seed, r.majorWeight, r.majorWeightInterp, r.worstMinorWeight].map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Per major stake over replicates: mean, min and max of the interpolated threshold, and how many replicates have one. */
export interface RetentionSummary {
  majorStake: number;
  n: number;
  mean: number;
  min: number;
  max: number;
}

export function summarizeRetention(rows: readonly RetentionRow[], stakes: readonly number[]): RetentionSummary[] {
  return stakes.map((stake) => {
    const v = rows.filter((r) => r.majorStake === stake && !Number.isNaN(r.majorWeightInterp)).map((r) => r.majorWeightInterp);
    let sum = 0;
    for (const x of v) sum += x;
    return {
      majorStake: stake,
      n: v.length,
      mean: v.length ? sum / v.length : NaN,
      min: v.length ? Math.min(...v) : NaN,
      max: v.length ? Math.max(...v) : NaN,
    };
  });
}
