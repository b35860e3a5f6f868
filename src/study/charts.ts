/**
 * The study's charts as Vega-Lite specs, rendered to SVG in Node (no browser):
 * - retention lines, as scripts/map_consensus.py draws them: for each major stake S_H the contour
 *   E_H(W_H, W_C) = S_H over the (W_H, W_C) square (marching squares on the grid of the mean
 *   ratio over replicates), S_H = 0.6 drawn thicker;
 * - the retention curve: the interpolated threshold W_H against S_H, the mean line over
 *   replicates and a point per replicate.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { StudyTable } from './grid.ts';
import { gridWeights, meanRatioBlock, type RetentionRow } from './output.ts';

/** A contour segment from (x, y) to (x2, y2). */
export interface Segment {
  x: number;
  y: number;
  x2: number;
  y2: number;
}

/**
 * Marching squares: the segments of the level line f = level, with f[i * g + k] at
 * (xs[i], ys[k]). Corners with f >= level are "above". Cells with a NaN corner are skipped.
 * A saddle cell cuts off the corners whose side differs from the cell's mean value.
 */
export function contourSegments(f: ArrayLike<number>, xs: readonly number[], ys: readonly number[], level: number): Segment[] {
  const g = xs.length;
  const h = ys.length;
  const out: Segment[] = [];
  for (let i = 0; i + 1 < g; i++) {
    for (let k = 0; k + 1 < h; k++) {
      // Corners counter-clockwise: a (i,k), b (i+1,k), c (i+1,k+1), d (i,k+1).
      const cx = [xs[i], xs[i + 1], xs[i + 1], xs[i]];
      const cy = [ys[k], ys[k], ys[k + 1], ys[k + 1]];
      const v = [f[i * h + k], f[(i + 1) * h + k], f[(i + 1) * h + k + 1], f[i * h + k + 1]];
      if (v.some((x) => Number.isNaN(x))) continue;
      const above = v.map((x) => x >= level);
      const cross: ({ x: number; y: number } | null)[] = [0, 1, 2, 3].map((e) => {
        const p = e;
        const q = (e + 1) % 4;
        if (above[p] === above[q]) return null;
        const t = (level - v[p]) / (v[q] - v[p]);
        return { x: cx[p] + t * (cx[q] - cx[p]), y: cy[p] + t * (cy[q] - cy[p]) };
      });
      const edges = [0, 1, 2, 3].filter((e) => cross[e] !== null);
      const seg = (e1: number, e2: number): void => {
        const p = cross[e1]!;
        const q = cross[e2]!;
        out.push({ x: p.x, y: p.y, x2: q.x, y2: q.y });
      };
      if (edges.length === 2) seg(edges[0], edges[1]);
      else if (edges.length === 4) {
        const centerAbove = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
        // Corner m sits between edges m - 1 and m; cut off the corners unlike the centre.
        for (let m = 0; m < 4; m++) if (above[m] !== centerAbove) seg((m + 3) % 4, m);
      }
    }
  }
  return out;
}

function round(x: number): number {
  return Number(x.toPrecision(10));
}

/** The retention-lines chart (the chain's map_consensus.py plot). */
export function retentionLinesSpec(t: StudyTable, title: string): TopLevelSpec {
  const w = gridWeights(t.config.grid);
  const values: Record<string, number | string>[] = [];
  t.config.majorStakes.forEach((stake, s) => {
    for (const seg of contourSegments(meanRatioBlock(t, s), w, w, stake)) {
      values.push({ major_stake: stake.toFixed(2), x: round(seg.x), y: round(seg.y), x2: round(seg.x2), y2: round(seg.y2) });
    }
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Major emission: stake = emission retention lines', subtitle: title },
    width: 420,
    height: 420,
    data: { values },
    mark: { type: 'rule', strokeCap: 'round' },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'Major self-weight W_H (honest utility)', scale: { domain: [0, 1] } },
      y: { field: 'y', type: 'quantitative', title: 'Minor self-weight W_C', scale: { domain: [0, 1] } },
      x2: { field: 'x2' },
      y2: { field: 'y2' },
      color: { field: 'major_stake', type: 'ordinal', title: 'major stake', scale: { scheme: 'viridis' } },
      strokeWidth: { condition: { test: "datum.major_stake == '0.60'", value: 3 }, value: 1.5 },
    },
  };
}

/** The retention curve: threshold W_H against major stake (mean over replicates + each replicate). */
export function retentionCurveSpec(rows: readonly RetentionRow[], title: string): TopLevelSpec {
  const values = rows
    .filter((r) => !Number.isNaN(r.majorWeightInterp))
    .map((r) => ({ major_stake: r.majorStake, replicate: r.replicate, threshold: round(r.majorWeightInterp) }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Honest utility needed to retain the honest stake', subtitle: title },
    width: 420,
    height: 300,
    data: { values },
    encoding: {
      x: { field: 'major_stake', type: 'quantitative', title: 'Major (honest) stake S_H', scale: { domain: [0.5, 1] } },
      y: { field: 'threshold', type: 'quantitative', title: 'Least honest utility W_H retaining S_H', scale: { domain: [0, 1] } },
    },
    layer: [
      { mark: { type: 'point', opacity: 0.5 } },
      { mark: { type: 'line', point: true, color: '#1f4e79' }, encoding: { y: { aggregate: 'mean', field: 'threshold', type: 'quantitative' } } },
    ],
  };
}

/** The major stake the heat map shows: the one nearest 0.6 (ties to the lower stake). */
export function heatmapStakeIndex(stakes: readonly number[], target = 0.6): number {
  let best = 0;
  for (let s = 1; s < stakes.length; s++) if (Math.abs(stakes[s] - target) < Math.abs(stakes[best] - target)) best = s;
  return best;
}

/**
 * The heat map of the major ratio E_H over (W_H, W_C) for one major stake (mean over
 * replicates), a diverging scale centred on the stake: blue where the honest side keeps more than
 * its stake, red where the cabal gains; the retention line E_H = S_H drawn on top.
 */
export function majorRatioHeatmapSpec(t: StudyTable, stakeIndex: number, title: string): TopLevelSpec {
  const g = t.config.grid;
  const w = gridWeights(g);
  const half = 0.5 / (g - 1);
  const stake = t.config.majorStakes[stakeIndex];
  const mean = meanRatioBlock(t, stakeIndex);
  const cells: Record<string, number | null>[] = [];
  for (let i = 0; i < g; i++) {
    for (let k = 0; k < g; k++) {
      const r = mean[i * g + k];
      cells.push({
        major_weight: round(w[i]), minor_weight: round(w[k]),
        x: round(Math.max(0, w[i] - half)), x2: round(Math.min(1, w[i] + half)),
        y: round(Math.max(0, w[k] - half)), y2: round(Math.min(1, w[k] + half)),
        major_ratio: Number.isNaN(r) ? null : round(r),
      });
    }
  }
  const lines = contourSegments(mean, w, w, stake).map((s) => ({ x: round(s.x), y: round(s.y), x2: round(s.x2), y2: round(s.y2) }));
  const axis = (title: string) => ({ type: 'quantitative' as const, title, scale: { domain: [0, 1], nice: false } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Major emission share E_H at major stake ${stake}`, subtitle: title },
    width: 420,
    height: 420,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', tooltip: true },
        encoding: {
          x: { field: 'x', ...axis('Major self-weight W_H (honest utility)') },
          x2: { field: 'x2' },
          y: { field: 'y', ...axis('Minor self-weight W_C') },
          y2: { field: 'y2' },
          color: { field: 'major_ratio', type: 'quantitative', title: 'E_H', scale: { scheme: 'redblue', domainMid: stake } },
          tooltip: [
            { field: 'major_weight', title: 'W_H' },
            { field: 'minor_weight', title: 'W_C' },
            { field: 'major_ratio', title: 'E_H (mean over replicates)', format: '.4f' },
          ],
        },
      },
      {
        data: { values: lines },
        mark: { type: 'rule', color: 'black', strokeWidth: 2, strokeCap: 'round' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, x2: { field: 'x2' }, y2: { field: 'y2' } },
      },
    ],
  };
}

/** Renders a Vega-Lite spec to SVG text in Node (headless view, no renderer). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
