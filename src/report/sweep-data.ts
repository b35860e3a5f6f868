/**
 * The data a sweep's report embeds, built by one pure function from runs.csv, summary.csv and
 * sweep.resolved.yaml. The parameter columns are the ones summary.csv names between `point`
 * and `metric`; the metrics are the rest of runs.csv after them, and must be the same set as
 * summary.csv's `metric` values.
 */
import { ReportInputError, csvRows, readRows } from './csv.ts';
import { RUNS_LEADING_COLUMNS, SUMMARY_STAT_COLUMNS } from './columns.ts';
import { sig } from './downsample.ts';
import { flattenParameters, type ParameterRow } from './parameters.ts';

export interface SweepParameter {
  name: string;
  /** More than one distinct value among the points. */
  varied: boolean;
  /** Every value is a finite number. */
  numeric: boolean;
  values: string[];
  /** An earlier parameter this one is tied to one-to-one (a derived parameter), or null. */
  tiedTo: string | null;
}

export interface SweepStatRow {
  point: number;
  metric: string;
  /** The x-axis parameter's value (number when the parameter is numeric). */
  x: number | string;
  /** The other independent varied parameters, as "name=value, ..." ("all" when none). */
  series: string;
  n: number;
  mean: number | null;
  p5: number | null;
  p50: number | null;
  p95: number | null;
}

export interface SweepHeatmap {
  x: string;
  y: string;
  /** Other independent varied parameters faceted beside each other, or null. */
  facet: string | null;
  rows: { metric: string; x: string; y: string; facet: string; mean: number | null; n: number }[];
}

export interface SweepReportData {
  kind: 'sweep';
  title: string;
  sizes: { runs: number; points: number; summaryRows: number };
  parameters: SweepParameter[];
  metrics: string[];
  /** For each varied parameter, the summary rows with that parameter on the x axis. */
  byParameter: { parameter: string; numeric: boolean; rows: SweepStatRow[] }[];
  heatmap: SweepHeatmap | null;
  sweepParameters: ParameterRow[];
}

export interface SweepFiles {
  runsCsv: string;
  summaryCsv: string;
  sweepYaml: string;
}

interface SummaryRow {
  point: number;
  params: string[];
  metric: string;
  n: number;
  mean: number | null;
  p5: number | null;
  p50: number | null;
  p95: number | null;
}

function summaryHeader(text: string): { params: string[] } {
  const first = csvRows(text, 'summary.csv').next();
  if (first.done) throw new ReportInputError('summary.csv: the file is empty: expected a header row point,<parameters>,metric,n,mean,sd,p5,p50,p95');
  const h = first.value.map((s) => s.trim());
  const m = h.indexOf('metric');
  if (h[0] !== 'point' || m < 1) {
    throw new ReportInputError(`summary.csv: the header must start with point, then the parameter columns, then metric,n,mean,sd,p5,p50,p95 (found ${h.join(',')})`);
  }
  return { params: h.slice(1, m) };
}

function readSummary(text: string, params: string[]): SummaryRow[] {
  const declared = ['point', ...params, ...SUMMARY_STAT_COLUMNS];
  return [...readRows(text, 'summary.csv', declared, (f, c) => ({
    point: f.int(c.point, 'point'),
    params: params.map((p) => f.text(c[p], p)),
    metric: f.text(c.metric, 'metric'),
    n: f.int(c.n, 'n'),
    mean: f.float(c.mean, 'mean'),
    p5: f.float(c.p5, 'p5'),
    p50: f.float(c.p50, 'p50'),
    p95: f.float(c.p95, 'p95'),
  }))];
}

/** runs.csv: checks its columns against summary.csv's and counts the runs. */
function checkRuns(text: string, params: string[], metrics: string[]): number {
  const first = csvRows(text, 'runs.csv').next();
  if (first.done) throw new ReportInputError('runs.csv: the file is empty: expected a header row run,point,replicate,seed,<parameters>,<metrics>');
  const h = first.value.map((s) => s.trim());
  const lead = RUNS_LEADING_COLUMNS as readonly string[];
  if (lead.some((c, i) => h[i] !== c)) {
    throw new ReportInputError(`runs.csv: the header must start with ${lead.join(',')} (found ${h.slice(0, 4).join(',')})`);
  }
  const rest = h.slice(lead.length);
  const missingParams = params.filter((p) => !rest.includes(p));
  if (missingParams.length > 0) {
    throw new ReportInputError(`runs.csv: missing parameter column ${missingParams.join(', ')} that summary.csv has`);
  }
  const runMetrics = rest.filter((c) => !params.includes(c));
  const missing = metrics.filter((m) => !runMetrics.includes(m));
  if (missing.length > 0) throw new ReportInputError(`runs.csv: missing metric column ${missing.join(', ')} that summary.csv summarises`);
  let runs = 0;
  for (const _ of readRows(text, 'runs.csv', [...lead, ...params], (f, c) => f.int(c.run, 'run'))) runs++;
  return runs;
}

const isNumber = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));

function sortValues(values: string[], numeric: boolean): string[] {
  return [...values].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
}

/** True when every value of parameter(s) a goes with one value of b over the points. */
function determines(points: string[][], a: number | number[], b: number): boolean {
  const by = typeof a === 'number' ? [a] : a;
  const seen = new Map<string, string>();
  for (const p of points) {
    const key = by.map((i) => p[i]).join('\u0000');
    const prev = seen.get(key);
    if (prev !== undefined && prev !== p[b]) return false;
    seen.set(key, p[b]);
  }
  return true;
}

/** Varied parameters other than x that are not tied to x or to one already chosen. */
function independentOthers(points: string[][], params: SweepParameter[], x: number): number[] {
  const chosen: number[] = [];
  params.forEach((p, i) => {
    if (i === x || !p.varied) return;
    if (determines(points, x, i) || determines(points, i, x)) return;
    if (chosen.some((c) => determines(points, c, i))) return;
    chosen.push(i);
  });
  return chosen;
}

function seriesKey(point: string[], params: SweepParameter[], others: number[]): string {
  return others.length === 0 ? 'all' : others.map((i) => `${params[i].name}=${point[i]}`).join(', ');
}

/** The first pair of varied parameters that forms a full grid over the points. */
function gridPair(points: string[][], params: SweepParameter[]): [number, number] | null {
  for (let a = 0; a < params.length; a++) {
    for (let b = a + 1; b < params.length; b++) {
      if (!params[a].varied || !params[b].varied || params[a].tiedTo !== null || params[b].tiedTo !== null) continue;
      const combos = new Set(points.map((p) => `${p[a]}\u0000${p[b]}`));
      if (combos.size === params[a].values.length * params[b].values.length) return [a, b];
    }
  }
  return null;
}

/** One cell per (metric, x, y, facet): the mean of its points' means (points that differ only in other, sampled parameters share a cell). */
function heatmapCells(rows: SummaryRow[], a: number, b: number, facetOf: (r: SummaryRow) => string): SweepHeatmap['rows'] {
  const cells = new Map<string, { metric: string; x: string; y: string; facet: string; sum: number; k: number; n: number }>();
  for (const r of rows) {
    const facet = facetOf(r);
    const key = [r.metric, r.params[a], r.params[b], facet].join('\u0000');
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { metric: r.metric, x: r.params[a], y: r.params[b], facet, sum: 0, k: 0, n: 0 }));
    if (r.mean !== null) {
      c.sum += r.mean;
      c.k++;
    }
    c.n += r.n;
  }
  return [...cells.values()].map((c) => ({ metric: c.metric, x: c.x, y: c.y, facet: c.facet, mean: c.k > 0 ? sig(c.sum / c.k) : null, n: c.n }));
}

/** Builds everything the sweep report shows; pure (no I/O, no clock). */
export function buildSweepReportData(files: SweepFiles): SweepReportData {
  const { params: names } = summaryHeader(files.summaryCsv);
  const rows = readSummary(files.summaryCsv, names);
  const metrics: string[] = [];
  for (const r of rows) if (!metrics.includes(r.metric)) metrics.push(r.metric);
  const runs = checkRuns(files.runsCsv, names, metrics);

  const pointParams = new Map<number, string[]>();
  for (const r of rows) {
    const prev = pointParams.get(r.point);
    if (prev && prev.join('\u0000') !== r.params.join('\u0000')) {
      throw new ReportInputError(`summary.csv: point ${r.point} has two different parameter values`);
    }
    pointParams.set(r.point, r.params);
  }
  const points = [...pointParams.values()];
  const params: SweepParameter[] = names.map((name, i) => {
    const distinct = [...new Set(points.map((p) => p[i]))];
    const numeric = distinct.every(isNumber);
    return { name, varied: distinct.length > 1, numeric, values: sortValues(distinct, numeric), tiedTo: null as string | null };
  });
  params.forEach((p, i) => {
    if (!p.varied) return;
    const twin = params.findIndex((q, j) => j < i && q.varied && q.tiedTo === null && determines(points, j, i) && determines(points, i, j));
    if (twin >= 0) p.tiedTo = params[twin].name;
  });

  const byParameter: SweepReportData['byParameter'] = [];
  params.forEach((p, x) => {
    if (!p.varied || p.tiedTo !== null) return;
    const others = independentOthers(points, params, x);
    byParameter.push({
      parameter: p.name,
      numeric: p.numeric,
      rows: rows.map((r) => ({
        point: r.point,
        metric: r.metric,
        x: p.numeric ? Number(r.params[x]) : r.params[x],
        series: seriesKey(r.params, params, others),
        n: r.n,
        mean: sig(r.mean),
        p5: sig(r.p5),
        p50: sig(r.p50),
        p95: sig(r.p95),
      })),
    });
  });

  let heatmap: SweepHeatmap | null = null;
  const pair = gridPair(points, params);
  if (pair) {
    const [a, b] = pair;
    const others = params
      .map((_, i) => i)
      .filter((i) => i !== a && i !== b && params[i].varied)
      .filter((i) => !determines(points, [a, b], i));
    const facetOthers = others.filter((i, k) => !others.slice(0, k).some((c) => determines(points, c, i)));
    heatmap = {
      x: params[a].name,
      y: params[b].name,
      facet: facetOthers.length === 0 ? null : facetOthers.map((i) => params[i].name).join(', '),
      rows: heatmapCells(rows, a, b, (r) => seriesKey(r.params, params, facetOthers)),
    };
  }

  return {
    kind: 'sweep',
    title: 'taosim sweep',
    sizes: { runs, points: points.length, summaryRows: rows.length },
    parameters: params,
    metrics,
    byParameter,
    heatmap,
    sweepParameters: flattenParameters(files.sweepYaml, 'sweep.resolved.yaml'),
  };
}
