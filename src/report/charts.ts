/**
 * Vega-Lite specifications for the report's charts. Each chart names the embedded datasets it
 * uses; the page attaches them at load time, so data shared by several charts is embedded once.
 */
import { isCabalKind, type RunReportData } from './run-data.ts';
import type { SweepReportData } from './sweep-data.ts';
import { majorRatioHeatmapSpec, retentionCurveSpec, retentionLinesSpec } from '../study/index.ts';
import type { StudyReportData } from './study-data.ts';

export type VlSpec = Record<string, unknown>;

export interface Chart {
  id: string;
  section: string;
  title: string;
  /** One sentence under the chart: what it shows and how to read it. */
  note: string;
  uses: string[];
  spec: VlSpec;
}

export interface ChartSet {
  datasets: Record<string, unknown[]>;
  charts: Chart[];
}

const WIDTH = 440;
const HEIGHT = 210;
const FACET_WIDTH = 220;

const CONFIG = {
  legend: { labelLimit: 420, symbolOpacity: 1 },
  axis: { labelFontSize: 10.5, titleFontSize: 11.5 },
  view: { stroke: '#ddd' },
};

const base = (data: string, extra: VlSpec = {}): VlSpec => ({
  data: { name: data },
  config: CONFIG,
  ...extra,
});

const blockAxis = { field: 'block', type: 'quantitative', title: 'block', scale: { zero: false, nice: false }, axis: { format: ',d', labelOverlap: true, tickCount: 5 } };

/** Cabal kinds in warm colours, the others in cool ones; the same kind has the same colour in every chart. */
const CABAL_COLOURS = ['#d62728', '#ff7f0e', '#e377c2', '#8c564b'];
const OTHER_COLOURS = ['#1f77b4', '#2ca02c', '#17becf', '#9467bd', '#7f7f7f', '#bcbd22', '#aec7e8', '#98df8a'];

function kindScale(kinds: string[], isCabal: (k: string) => boolean): VlSpec {
  const domain = [...new Set(kinds)].sort();
  let c = 0;
  let o = 0;
  const range = domain.map((k) => (isCabal(k) ? CABAL_COLOURS[c++ % CABAL_COLOURS.length] : OTHER_COLOURS[o++ % OTHER_COLOURS.length]));
  return { domain, range };
}

/** Vertical rules with labels at the halvings, to layer over a time chart. */
function halvingLayers(hasHalvings: boolean): VlSpec[] {
  if (!hasHalvings) return [];
  return [
    {
      data: { name: 'halvings' },
      mark: { type: 'rule', color: '#c0392b', strokeDash: [4, 3] },
      encoding: { x: { field: 'block', type: 'quantitative' }, tooltip: [{ field: 'label' }, { field: 'block' }, { field: 'issuanceTao', title: 'issuance (TAO)' }] },
    },
    {
      data: { name: 'halvings' },
      mark: { type: 'text', color: '#c0392b', align: 'left', dx: 3, dy: -4, baseline: 'bottom', y: 0 },
      encoding: { x: { field: 'block', type: 'quantitative' }, text: { field: 'label' } },
    },
  ];
}

function runCharts(d: RunReportData): ChartSet {
  const hasHalvings = d.halvings.length > 0;
  const kinds = kindScale([...d.rewardByKind.map((r) => r.agentKind), ...d.trust.map((r) => r.agentKind), ...d.incentive.map((r) => r.agentKind)], isCabalKind);
  const kindColour = { field: 'agentKind', type: 'nominal', title: 'agent kind', scale: kinds };
  const uses = (...names: string[]) => (hasHalvings ? [...names, 'halvings'] : names);
  const charts: Chart[] = [
    {
      id: 'issuance', section: 'Network', title: 'Total TAO issuance',
      note: 'Total issuance (TAO) after each block; dashed red lines mark the halvings.',
      uses: uses('network'),
      spec: base('network', {
        width: WIDTH, height: HEIGHT,
        layer: [
          { mark: { type: 'line', tooltip: true }, encoding: { x: blockAxis, y: { field: 'issuanceTao', type: 'quantitative', title: 'issuance (TAO)', scale: { zero: false } } } },
          ...halvingLayers(hasHalvings),
        ],
      }),
    },
    {
      id: 'block-reward', section: 'Network', title: 'Reward per block',
      note: 'TAO minted per block; it halves at each halving.',
      uses: uses('network'),
      spec: base('network', {
        width: WIDTH, height: HEIGHT,
        layer: [
          { mark: { type: 'line', interpolate: 'step-after', tooltip: true }, encoding: { x: blockAxis, y: { field: 'blockRewardTao', type: 'quantitative', title: 'reward (TAO / block)' } } },
          ...halvingLayers(hasHalvings),
        ],
      }),
    },
  ];
  if (d.network.some((r) => (r.recycledTao ?? 0) !== 0)) {
    charts.push({
      id: 'recycled', section: 'Network', title: 'TAO recycled (cumulative)',
      note: 'TAO taken out of issuance so far; recycling delays the halvings.',
      uses: ['network'],
      spec: base('network', { width: WIDTH, height: 160, mark: { type: 'line', tooltip: true }, encoding: { x: blockAxis, y: { field: 'recycledTao', type: 'quantitative', title: 'recycled (TAO)' } } }),
    });
  }
  const subnetOrder = d.sizes.subnetsShown.map((n) => `subnet ${n}`);
  const net = { field: 'netuid', type: 'nominal', title: 'subnet', scale: { domain: subnetOrder } };
  charts.push(
    {
      id: 'subnet-price', section: 'Subnets', title: 'Alpha price by subnet',
      note: 'Pool price (TAO per alpha), solid, and the moving price the emission shares use, dashed.',
      uses: ['subnets'],
      spec: base('subnets', {
        width: WIDTH, height: HEIGHT,
        transform: [{ fold: ['price', 'movingPrice'], as: ['measure', 'value'] }],
        mark: { type: 'line', tooltip: true },
        encoding: {
          x: blockAxis,
          y: { field: 'value', type: 'quantitative', title: 'TAO per alpha' },
          color: net,
          strokeDash: {
            field: 'measure', type: 'nominal', title: 'line', sort: ['price', 'movingPrice'],
            legend: { labelExpr: "datum.label == 'movingPrice' ? 'moving price' : 'price'" },
          },
        },
      }),
    },
    {
      id: 'subnet-reserves', section: 'Subnets', title: 'Pool reserves by subnet',
      note: 'The TAO and alpha held by each subnet\u2019s pool.',
      uses: ['subnets'],
      spec: base('subnets', {
        hconcat: [
          { width: 250, height: HEIGHT, mark: { type: 'line', tooltip: true }, encoding: { x: blockAxis, y: { field: 'taoReserveTao', type: 'quantitative', title: 'TAO reserve (TAO)' }, color: net } },
          { width: 250, height: HEIGHT, mark: { type: 'line', tooltip: true }, encoding: { x: blockAxis, y: { field: 'alphaReserve', type: 'quantitative', title: 'alpha reserve (alpha)' }, color: net } },
        ],
      }),
    },
    {
      id: 'subnet-emission-share', section: 'Subnets', title: 'Emission share by subnet',
      note: 'Each subnet\u2019s share of the TAO emitted per block (lines, not stacked: downsampled series keep different blocks).',
      uses: ['subnets'],
      spec: base('subnets', {
        width: WIDTH, height: HEIGHT,
        mark: { type: 'line', tooltip: true },
        encoding: { x: blockAxis, y: { field: 'emissionShare', type: 'quantitative', title: 'share of emission', axis: { format: '%' } }, color: net },
      }),
    },
    {
      id: 'reward-by-kind', section: 'Rewards', title: 'Rewards by agent kind',
      note: 'Share of each subnet\u2019s miner and validator emission (alpha, whole run) earned by each kind of agent.',
      uses: ['rewardByKind'],
      spec: base('rewardByKind', {
        width: WIDTH, height: { step: 28 },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y: { field: 'netuid', type: 'nominal', title: null, sort: subnetOrder },
          x: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'share of rewards', axis: { format: '%' } },
          color: kindColour,
          tooltip: [{ field: 'netuid' }, { field: 'agentKind' }, { field: 'rewardAlpha', title: 'reward (alpha)' }, { field: 'share', format: '.2%' }],
        },
      }),
    },
  );
  if (d.hasCabal) {
    charts.push(
      {
        id: 'cabal-shares', section: 'Rewards', title: 'The cabal: reward share against stake share',
        note: 'Per subnet: the cabal\u2019s share of rewards over the run and its mean share of stake; last group: the run totals from summary.json. Reward above stake means collusion paid.',
        uses: ['cabalShares'],
        spec: base('cabalShares', {
          width: WIDTH, height: HEIGHT,
          mark: { type: 'bar', tooltip: true },
          encoding: {
            x: { field: 'netuid', type: 'nominal', title: null, sort: [...subnetOrder, 'whole run (summary.json)'], axis: { labelAngle: 0, labelLimit: 200 } },
            xOffset: { field: 'measure', type: 'nominal', sort: ['stake share', 'reward share'] },
            y: { field: 'value', type: 'quantitative', title: 'share', axis: { format: '%' } },
            color: { field: 'measure', type: 'nominal', title: null, sort: ['stake share', 'reward share'], scale: { range: ['#95a5a6', '#c0392b'] } },
          },
        }),
      },
      {
        id: 'cabal-over-time', section: 'Rewards', title: 'The cabal over epochs',
        note: 'Each epoch: the cabal\u2019s share of that epoch\u2019s rewards (solid) and of stake (dashed).',
        uses: ['cabalSeries'],
        spec: base('cabalSeries', {
          width: WIDTH, height: HEIGHT,
          mark: { type: 'line', point: false, tooltip: true },
          encoding: {
            x: blockAxis,
            y: { field: 'value', type: 'quantitative', title: 'share', axis: { format: '%' } },
            color: net,
            strokeDash: { field: 'measure', type: 'nominal', title: null, sort: ['reward share', 'stake share'] },
          },
        }),
      },
    );
  }
  charts.push(
    {
      id: 'validator-trust', section: 'Consensus', title: 'Validator trust by agent kind',
      note: 'Mean validator trust of the validators of each kind, per epoch and subnet.',
      uses: ['trust'],
      spec: base('trust', {
        facet: { field: 'netuid', type: 'nominal', title: null, sort: subnetOrder },
        columns: 4,
        spec: {
          width: FACET_WIDTH, height: 180, mark: { type: 'line', tooltip: true },
          encoding: { x: blockAxis, y: { field: 'validatorTrust', type: 'quantitative', title: 'validator trust' }, color: kindColour },
        },
      }),
    },
    {
      id: 'incentive', section: 'Consensus', title: 'Miner incentive by agent kind',
      note: 'Mean incentive of the miners of each kind, per epoch and subnet.',
      uses: ['incentive'],
      spec: base('incentive', {
        facet: { field: 'netuid', type: 'nominal', title: null, sort: subnetOrder },
        columns: 4,
        spec: {
          width: FACET_WIDTH, height: 180, mark: { type: 'line', tooltip: true },
          encoding: { x: blockAxis, y: { field: 'incentive', type: 'quantitative', title: 'incentive' }, color: kindColour },
        },
      }),
    },
  );
  const datasets: Record<string, unknown[]> = {
    network: d.network, halvings: d.halvings, subnets: d.subnets, rewardByKind: d.rewardByKind,
    cabalShares: d.cabalShares, cabalSeries: d.cabalSeries, trust: d.trust, incentive: d.incentive,
  };
  return { datasets, charts: charts.filter((c) => c.uses.every((u) => (datasets[u] ?? []).length > 0)) };
}

const slug = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();

function sweepCharts(d: SweepReportData): ChartSet {
  const datasets: Record<string, unknown[]> = {};
  const charts: Chart[] = [];
  d.byParameter.forEach((bp, k) => {
    const name = `param${k}`;
    datasets[name] = bp.rows;
    const single = bp.rows.every((r) => r.series === 'all');
    const color = single ? { value: '#2c6fbb' } : { field: 'series', type: 'nominal', title: 'other parameters' };
    for (const metric of d.metrics) {
      const x = bp.numeric
        ? { field: 'x', type: 'quantitative', title: bp.parameter, scale: { zero: false } }
        : { field: 'x', type: 'nominal', title: bp.parameter, axis: { labelAngle: 0 } };
      const layers: VlSpec[] = bp.numeric
        ? [
            { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'p5', type: 'quantitative' }, y2: { field: 'p95' }, color } },
            { mark: { type: 'line', point: true, tooltip: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: metric, scale: { zero: false } }, color } },
          ]
        : [
            { mark: { type: 'rule' }, encoding: { x, xOffset: single ? undefined : { field: 'series' }, y: { field: 'p5', type: 'quantitative' }, y2: { field: 'p95' }, color } },
            { mark: { type: 'point', filled: true, size: 50, tooltip: true }, encoding: { x, xOffset: single ? undefined : { field: 'series' }, y: { field: 'mean', type: 'quantitative', title: metric, scale: { zero: false } }, color } },
          ];
      charts.push({
        id: `sweep-${slug(metric)}-by-${slug(bp.parameter)}`,
        section: `Metrics against ${bp.parameter}`,
        title: `${metric} against ${bp.parameter}`,
        note: 'Mean over replicates (line) with the p5\u2013p95 band of the replicates.',
        uses: [name],
        spec: base(name, {
          width: 360, height: 210,
          transform: [{ filter: { field: 'metric', equal: metric } }],
          encoding: { tooltip: [{ field: 'x', title: bp.parameter }, { field: 'series' }, { field: 'n' }, { field: 'mean' }, { field: 'p5' }, { field: 'p50' }, { field: 'p95' }] },
          layer: layers,
        }),
      });
    }
  });
  const hm = d.heatmap;
  if (hm) {
    datasets.heatmap = hm.rows;
    const xs = d.parameters.find((p) => p.name === hm.x)!.values;
    const ys = d.parameters.find((p) => p.name === hm.y)!.values;
    for (const metric of d.metrics) {
      const means = hm.rows.filter((r) => r.metric === metric && r.mean !== null).map((r) => r.mean as number);
      const lo = Math.min(...means);
      const hi = Math.max(...means);
      // viridis is light at the top of its range: dark text there, white text elsewhere.
      const light = lo + 0.6 * (hi - lo);
      const cell: VlSpec = {
        width: { step: 48 }, height: { step: 30 },
        encoding: {
          x: { field: 'x', type: 'ordinal', title: hm.x, sort: xs, axis: { labelAngle: 0 } },
          y: { field: 'y', type: 'ordinal', title: hm.y, sort: [...ys].reverse() },
        },
        layer: [
          { mark: { type: 'rect', tooltip: true }, encoding: { color: { field: 'mean', type: 'quantitative', title: metric, scale: { scheme: 'viridis' } } } },
          {
            mark: { type: 'text', fontSize: 9.5 },
            encoding: {
              text: { field: 'mean', type: 'quantitative', format: '.3~g' },
              color: { condition: { test: `datum.mean > ${light}`, value: 'black' }, value: 'white' },
            },
          },
        ],
      };
      charts.push({
        id: `heatmap-${slug(metric)}`,
        section: `Heat maps over ${hm.x} and ${hm.y}`,
        title: `${metric}: mean over ${hm.x} \u00d7 ${hm.y}`,
        note: hm.facet ? `One panel per value of ${hm.facet}.` : 'Each cell: the mean over its replicates.',
        uses: ['heatmap'],
        spec: hm.facet
          ? base('heatmap', { transform: [{ filter: { field: 'metric', equal: metric } }], facet: { column: { field: 'facet', type: 'nominal', title: null } }, spec: cell })
          : base('heatmap', { transform: [{ filter: { field: 'metric', equal: metric } }], ...cell }),
      });
    }
  }
  return { datasets, charts };
}

/**
 * A study spec (src/study/charts.ts, the same builders as the study's SVG files) with its inline
 * data moved into the page's named datasets (`name`, `name-1`, ... for each layer's data) and its
 * title dropped (the figure caption carries it).
 */
function fromStudySpec(name: string, topSpec: object, datasets: Record<string, unknown[]>): { uses: string[]; spec: VlSpec } {
  const uses: string[] = [];
  const take = (part: VlSpec, dataName: string): VlSpec => {
    const data = part.data as { values?: unknown[] } | undefined;
    if (!data || !Array.isArray(data.values)) return part;
    datasets[dataName] = data.values;
    uses.push(dataName);
    return { ...part, data: { name: dataName } };
  };
  const { title: _title, $schema: _schema, ...rest } = topSpec as VlSpec;
  let out = take(rest, name);
  if (Array.isArray(out.layer)) out = { ...out, layer: (out.layer as VlSpec[]).map((l, k) => take(l, `${name}-${k}`)) };
  return { uses, spec: { config: CONFIG, ...out } };
}

function studyCharts(d: StudyReportData): ChartSet {
  const datasets: Record<string, unknown[]> = {};
  const subtitle = d.description;
  const stake = d.table.config.majorStakes[d.heatmapStakeIndex];
  const charts: Chart[] = [
    {
      id: 'study-retention-curve', section: 'Retention', title: 'Honest utility needed to retain the honest stake',
      note: 'For each major (honest) stake S_H: the least W_H at which the major emission share stays at or above S_H against every cabal self-weight W_C (retention.csv, interpolated); the line is the mean over replicates, the points each replicate.',
      ...fromStudySpec('retentionCurve', retentionCurveSpec(d.retention, subtitle), datasets),
    },
    {
      id: 'study-retention-lines', section: 'Retention', title: 'Retention lines over (W_H, W_C)',
      note: 'As the chain’s scripts/map_consensus.py draws them: for each major stake the line where the major emission share equals the stake (mean over replicates); right of a line the honest side keeps its stake. S_H = 0.60 drawn thick.',
      ...fromStudySpec('retentionLines', retentionLinesSpec(d.table, subtitle), datasets),
    },
    {
      id: 'study-heatmap', section: 'Major emission share', title: `Major emission share at major stake ${stake}`,
      note: `E_H over (W_H, W_C), the mean over replicates of grid.csv’s major_ratio; blue above the stake ${stake}, red below (the cabal gains); the black line is E_H = ${stake}.`,
      ...fromStudySpec('heatmap', majorRatioHeatmapSpec(d.table, d.heatmapStakeIndex, subtitle), datasets),
    },
  ];
  return { datasets, charts };
}

/** The charts for a run's, a sweep's or a study's report data. */
export function reportCharts(d: RunReportData | SweepReportData | StudyReportData): ChartSet {
  if (d.kind === 'study') return studyCharts(d);
  return d.kind === 'run' ? runCharts(d) : sweepCharts(d);
}
