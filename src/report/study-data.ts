/**
 * A consensus study's folder (`taosim study consensus`: study.json, grid.csv, retention.csv) read
 * back into the study's own table, so the page draws the same Vega-Lite specs as the study's SVG
 * files (src/study/charts.ts). grid.csv must hold exactly the grid study.json describes, in the
 * study's order; retention.csv is shown as written (it is not recomputed).
 */
import {
  GRID_COLUMNS,
  RETENTION_COLUMNS,
  gridWeights,
  heatmapStakeIndex,
  replicateSeed,
  summarizeRetention,
  type RetentionRow,
  type RetentionSummary,
  type StudyConfig,
  type StudyTable,
} from '../study/index.ts';
import { YUMA_VARIANTS, type YumaVariant } from '../yuma/index.ts';
import { ReportInputError, readRows } from './csv.ts';

export const STUDY_FILES = ['study.json', 'grid.csv', 'retention.csv'] as const;

export interface StudyFiles {
  studyJson: string;
  gridCsv: string;
  retentionCsv: string;
}

export interface StudyReportData {
  kind: 'study';
  title: string;
  /** One line: the study's settings (also the charts' subtitle in the SVG files). */
  description: string;
  table: StudyTable;
  retention: RetentionRow[];
  summary: RetentionSummary[];
  /** The major stake of the heat map (the one nearest 0.6). */
  heatmapStakeIndex: number;
  parameters: { name: string; value: string }[];
  sizes: { gridRows: number; retentionRows: number };
}

const CONFIG_KEYS = [
  'sigma', 'stakeSd', 'bondsPenalty', 'kappa', 'variant', 'epochs', 'majorStakes', 'grid', 'replicates', 'seed', 'validators', 'network',
] as const;

function fail(field: string, problem: string): never {
  throw new ReportInputError(`study.json: field ${field}: ${problem} (taosim study consensus writes this file; rerun it)`);
}

function num(o: Record<string, unknown>, key: string, lo: number, hi: number, integer = false): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`config.${key}`, `${JSON.stringify(v)} is not a number`);
  if (v < lo || v > hi) fail(`config.${key}`, `${v} is outside ${lo}..${hi}`);
  if (integer && !Number.isSafeInteger(v)) fail(`config.${key}`, `${v} is not a whole number`);
  return v;
}

/** Parses and validates study.json into the study's config. */
export function parseStudyJson(text: string): StudyConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ReportInputError(`study.json: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail('(top level)', 'expected an object { "study": "consensus", "config": {...} }');
  const top = doc as Record<string, unknown>;
  if (top.study !== 'consensus') fail('study', `${JSON.stringify(top.study)} is not "consensus"`);
  const c = top.config;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) fail('config', 'expected an object');
  const o = c as Record<string, unknown>;
  for (const k of CONFIG_KEYS) if (!(k in o)) fail(`config.${k}`, 'missing');
  const variant = o.variant;
  if (typeof variant !== 'string' || !(YUMA_VARIANTS as readonly string[]).includes(variant)) {
    fail('config.variant', `${JSON.stringify(variant)} is not one of ${YUMA_VARIANTS.join(', ')}`);
  }
  const stakes = o.majorStakes;
  if (!Array.isArray(stakes) || stakes.length === 0) fail('config.majorStakes', 'expected a non-empty list of numbers');
  stakes.forEach((s, i) => {
    if (typeof s !== 'number' || !(s > 0 && s < 1)) fail(`config.majorStakes[${i}]`, `${JSON.stringify(s)} is not a number strictly between 0 and 1`);
    if (i > 0 && !(s > (stakes[i - 1] as number))) fail(`config.majorStakes[${i}]`, `${s} does not increase`);
  });
  return {
    sigma: num(o, 'sigma', 0, 10),
    stakeSd: num(o, 'stakeSd', 0, 10),
    bondsPenalty: num(o, 'bondsPenalty', 0, 1),
    kappa: num(o, 'kappa', 0, 1),
    variant: variant as YumaVariant,
    epochs: num(o, 'epochs', 1, 1e6, true),
    majorStakes: stakes as number[],
    grid: num(o, 'grid', 2, 1001, true),
    replicates: num(o, 'replicates', 1, 1e4, true),
    seed: num(o, 'seed', 0, Number.MAX_SAFE_INTEGER, true),
    validators: num(o, 'validators', 1, 1e6, true),
    network: num(o, 'network', 2, 1e6, true),
  };
}

/** A number read from a CSV cell: NaN and infinities come back as null from the reader. */
const orNaN = (x: number | null): number => (x === null ? NaN : x);

/**
 * Reads grid.csv into the study's table. Each row must sit where the study writes it:
 * replicates outermost, then major stake, W_H from 1 down to 0, W_C from 1 down to 0.
 */
export function readStudyGrid(text: string, c: StudyConfig): StudyTable {
  const g = c.grid;
  const w = gridWeights(g);
  const total = c.replicates * c.majorStakes.length * g * g;
  const majorRatio = new Float64Array(total);
  const avgWeightDev = new Float64Array(total);
  let n = 0;
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-12;
  for (const r of readRows(text, 'grid.csv', GRID_COLUMNS, (f, col) => ({
    line: f.line,
    stake: orNaN(f.float(col.major_stake, 'major_stake')),
    wh: orNaN(f.float(col.major_weight, 'major_weight')),
    wc: orNaN(f.float(col.minor_weight, 'minor_weight')),
    dev: orNaN(f.float(col.avg_weight_dev, 'avg_weight_dev')),
    ratio: orNaN(f.float(col.major_ratio, 'major_ratio')),
    rep: f.int(col.replicate, 'replicate'),
    seed: f.int(col.seed, 'seed'),
  }))) {
    if (n >= total) {
      throw new ReportInputError(`grid.csv: line ${r.line}: more rows than study.json describes (${total} = ${c.replicates} replicates x ${c.majorStakes.length} stakes x ${g} x ${g})`);
    }
    const k = n % g;
    const i = ((n - k) / g) % g;
    const s = ((n - k - i * g) / (g * g)) % c.majorStakes.length;
    const rep = Math.floor(n / (g * g * c.majorStakes.length));
    const want = { major_stake: c.majorStakes[s], major_weight: w[i], minor_weight: w[k], replicate: rep, seed: replicateSeed(c.seed, rep) };
    const got = { major_stake: r.stake, major_weight: r.wh, minor_weight: r.wc, replicate: r.rep, seed: r.seed };
    for (const key of Object.keys(want) as (keyof typeof want)[]) {
      if (!near(want[key], got[key])) {
        throw new ReportInputError(`grid.csv: line ${r.line}, column ${key}: '${got[key]}' where the study described in study.json has ${want[key]}: the files do not belong together`);
      }
    }
    if (!(r.ratio >= 0 && r.ratio <= 1) && !Number.isNaN(r.ratio)) {
      throw new ReportInputError(`grid.csv: line ${r.line}, column major_ratio: '${r.ratio}' is not a share from 0 to 1`);
    }
    majorRatio[n] = r.ratio;
    avgWeightDev[n] = r.dev;
    n++;
  }
  if (n < total) {
    throw new ReportInputError(`grid.csv: ${n} rows where study.json describes ${total} (${c.replicates} replicates x ${c.majorStakes.length} stakes x ${g} x ${g}): the study did not finish`);
  }
  return { config: c, majorRatio, avgWeightDev };
}

/** Reads retention.csv: one row per major stake and replicate, in the study's order. */
export function readStudyRetention(text: string, c: StudyConfig): RetentionRow[] {
  const rows = [...readRows(text, 'retention.csv', RETENTION_COLUMNS, (f, col) => ({
    line: f.line,
    row: {
      majorStake: orNaN(f.float(col.major_stake, 'major_stake')),
      replicate: f.int(col.replicate, 'replicate'),
      seed: f.int(col.seed, 'seed'),
      majorWeight: orNaN(f.float(col.retention_major_weight, 'retention_major_weight')),
      majorWeightInterp: orNaN(f.float(col.retention_major_weight_interp, 'retention_major_weight_interp')),
      worstMinorWeight: orNaN(f.float(col.worst_minor_weight, 'worst_minor_weight')),
    } satisfies RetentionRow,
  }))];
  const total = c.replicates * c.majorStakes.length;
  if (rows.length !== total) {
    throw new ReportInputError(`retention.csv: ${rows.length} rows where study.json describes ${total} (${c.replicates} replicates x ${c.majorStakes.length} stakes)`);
  }
  rows.forEach(({ line, row }, n) => {
    const s = n % c.majorStakes.length;
    const rep = (n - s) / c.majorStakes.length;
    if (row.majorStake !== c.majorStakes[s] || row.replicate !== rep) {
      throw new ReportInputError(`retention.csv: line ${line}: major stake ${row.majorStake}, replicate ${row.replicate} where study.json has ${c.majorStakes[s]}, replicate ${rep}`);
    }
    for (const [key, v] of [['retention_major_weight', row.majorWeight], ['retention_major_weight_interp', row.majorWeightInterp]] as const) {
      if (!Number.isNaN(v) && !(v >= 0 && v <= 1)) throw new ReportInputError(`retention.csv: line ${line}, column ${key}: '${v}' is not a weight from 0 to 1`);
    }
  });
  return rows.map((r) => r.row);
}

/** The settings in one line, as the study command prints them. */
export function describeStudy(c: StudyConfig): string {
  return `sigma ${c.sigma}, bonds penalty ${c.bondsPenalty}, kappa ${c.kappa}, ${c.variant}, ${c.epochs} epoch(s), ` +
    `${c.validators} of ${c.network} uids validators, stake sd ${c.stakeSd}, ${c.replicates} replicate(s), seed ${c.seed}`;
}

export function buildStudyReportData(files: StudyFiles): StudyReportData {
  const config = parseStudyJson(files.studyJson);
  const table = readStudyGrid(files.gridCsv, config);
  const retention = readStudyRetention(files.retentionCsv, config);
  const parameters = [
    { name: 'study', value: 'consensus (the chain\u2019s map_consensus_guarantees)' },
    { name: 'sigma (weight sd)', value: String(config.sigma) },
    { name: 'bonds penalty', value: String(config.bondsPenalty) },
    { name: 'kappa', value: String(config.kappa) },
    { name: 'Yuma variant', value: config.variant },
    { name: 'epochs', value: String(config.epochs) },
    { name: 'validators / uids', value: `${config.validators} / ${config.network}` },
    { name: 'stake sd', value: String(config.stakeSd) },
    { name: 'major stakes', value: config.majorStakes.join(', ') },
    { name: 'grid (W_H x W_C)', value: `${config.grid} x ${config.grid}` },
    { name: 'replicates', value: String(config.replicates) },
    { name: 'seed', value: String(config.seed) },
  ];
  return {
    kind: 'study',
    title: 'taosim consensus study',
    description: describeStudy(config),
    table,
    retention,
    summary: summarizeRetention(retention, config.majorStakes),
    heatmapStakeIndex: heatmapStakeIndex(config.majorStakes),
    parameters,
    sizes: { gridRows: table.majorRatio.length, retentionRows: retention.length },
  };
}
