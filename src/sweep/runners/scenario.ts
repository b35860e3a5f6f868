/**
 * The `scenario` runner: one full simulation per run (`runScenario` with the dTAO market and the
 * Yuma consensus, as `taosim run`), with the run seed as the scenario's seed. Nothing is written:
 * a recorder keeps only the per-subnet sums the emission-share metrics need.
 *
 * Config: a scenario (docs/scenarios.md) as written, plus two optional sweep-only sections that
 * the runner removes before the scenario is checked:
 *   vars:   free numbers (e.g. `vars.cabal_share`) for derived parameters to compute from;
 *           the simulation ignores them.
 *   groups: `groups.<id>.<field>` sets a field of the agent group with that id (its kind when
 *           it has no id), so agent parameters have paths without list indices and can be named
 *           in derived expressions (`groups.honest.stake: "..."`).
 *
 * Metrics: dotted paths into summary.json (docs/outputs.md), plus the runner's own:
 *   collusion.gain               cabal reward share / cabal stake share (1: the cabal earns in
 *                                proportion to its validator stake)
 *   emission_share.*             from the subnets' per-block emission shares (blocks.csv's
 *                                `emission_share`, at the scenario's outputs.every_blocks)
 * A summary field that is null (no data: no cabal, no epoch) is NaN ("no value").
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { checkScenario, defaultComponents, formatPath, giniCoefficient, runScenario, type Cell, type Recorder, type RunSummary, type TableName } from '../../sim/index.ts';
import { metricsFromSummary, type MetricValue, type SweepRunner } from '../runner.ts';

/** Per-subnet metrics are declared for the first SUBNET_SLOTS subnets (in the summary's order). */
export const SUBNET_SLOTS = 8;

const SUMMARY_METRICS = [
  'blocks',
  'totals.minted_rao',
  'totals.recycled_rao',
  'totals.issuance_start_rao',
  'totals.issuance_end_rao',
  'totals.epochs',
  'conservation.ok',
  'gaming.cabal_reward_share',
  'gaming.cabal_stake_share',
  'gaming.gini_rewards',
  ...['honest-validator', 'cabal-validator', 'weight-copier', 'lazy-validator', 'validator-mix:honest', 'validator-mix:copier', 'validator-mix:lazy'].map(
    (k) => `gaming.validator_trust_by_kind.${k}`,
  ),
  ...Array.from({ length: SUBNET_SLOTS }, (_, i) =>
    ['netuid', 'cabal_reward_share', 'cabal_stake_share', 'gini_rewards'].map((f) => `gaming.by_subnet.${i}.${f}`),
  ).flat(),
  'events.applied',
  'operations.executed',
  'operations.not_simulated',
] as const;

const OWN_METRICS = [
  'collusion.gain',
  'emission_share.gini',
  'emission_share.spread',
  'emission_share.max',
  'emission_share.min',
  'emission_share.subnets',
  ...Array.from({ length: SUBNET_SLOTS }, (_, i) => `emission_share.by_subnet.${i}`),
] as const;

export const SCENARIO_METRICS: readonly string[] = [...SUMMARY_METRICS, ...OWN_METRICS];

function isMapping(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * The scenario document from a runner config: `vars` dropped, `groups` merged into the agent
 * groups, the run's tables reduced to what the recorder reads. Problems with the sweep-only
 * sections are returned as 'path: message' lines.
 */
export function scenarioDocument(config: Record<string, unknown>): { doc: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const { vars, groups, ...doc } = config;
  if (vars !== undefined && !isMapping(vars)) problems.push('vars: must be a mapping of names to numbers (sweep-only variables)');
  if (groups !== undefined) {
    if (!isMapping(groups)) {
      problems.push('groups: must be a mapping of agent group ids to fields, e.g. groups: { cabal: { stake: 1000 } }');
    } else {
      const agents = Array.isArray(doc.agents) ? doc.agents.map((a) => (isMapping(a) ? { ...a } : a)) : [];
      const idOf = (a: unknown) => (isMapping(a) ? String(a.id ?? a.kind) : '');
      for (const [id, fields] of Object.entries(groups)) {
        const i = agents.findIndex((a) => idOf(a) === id);
        if (i < 0) {
          problems.push(`groups.${id}: no agent group has the id '${id}' (ids: ${agents.map(idOf).join(', ') || 'none'})`);
        } else if (!isMapping(fields)) {
          problems.push(`groups.${id}: must be a mapping of the group's fields, e.g. { stake: 1000 }`);
        } else {
          agents[i] = { ...(agents[i] as Record<string, unknown>), ...fields };
        }
      }
      doc.agents = agents;
    }
  }
  const outputs = isMapping(doc.outputs) ? doc.outputs : {};
  doc.outputs = { ...outputs, tables: ['blocks'] satisfies TableName[] };
  return { doc, problems };
}

/** Sums of each subnet's emission share over the blocks rows, by netuid; nothing else is kept. */
export interface ShareRecorder extends Recorder {
  readonly sum: Map<number, number>;
  readonly rows: Map<number, number>;
}

export function shareRecorder(): ShareRecorder {
  const sum = new Map<number, number>();
  const rows = new Map<number, number>();
  return {
    sum,
    rows,
    open() {},
    row(table: TableName, cells: readonly Cell[]) {
      if (table !== 'blocks') return;
      const netuid = cells[1] as number;
      sum.set(netuid, (sum.get(netuid) ?? 0) + (cells[2] as number));
      rows.set(netuid, (rows.get(netuid) ?? 0) + 1);
    },
  };
}

/** The emission-share metrics from a share recorder: each subnet's mean share, in netuid order. */
export function emissionShareMetrics(rec: ShareRecorder): Record<string, number> {
  const netuids = [...rec.sum.keys()].sort((a, b) => a - b);
  const n = netuids.length;
  const means = new Float64Array(n);
  netuids.forEach((u, i) => {
    means[i] = rec.sum.get(u)! / rec.rows.get(u)!;
  });
  const out: Record<string, number> = { 'emission_share.subnets': n };
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    max = Math.max(max, means[i]);
    min = Math.min(min, means[i]);
  }
  out['emission_share.max'] = n > 0 ? max : NaN;
  out['emission_share.min'] = n > 0 ? min : NaN;
  out['emission_share.spread'] = n > 0 ? max - min : NaN;
  out['emission_share.gini'] = n > 0 ? giniCoefficient(means, n, new Float64Array(n)) : NaN;
  for (let i = 0; i < SUBNET_SLOTS; i++) out[`emission_share.by_subnet.${i}`] = i < n ? means[i] : NaN;
  return out;
}

function collusionGain(summary: RunSummary): number {
  const r = summary.gaming.cabal_reward_share;
  const s = summary.gaming.cabal_stake_share;
  return r === null || s === null || s === 0 ? NaN : r / s;
}

function problemsOf(config: Record<string, unknown>, seed?: number) {
  const { doc, problems } = scenarioDocument(config);
  if (problems.length > 0) return { problems };
  const r = checkScenario(doc, seed === undefined ? {} : { seed });
  if (!r.ok) return { problems: r.issues.map((i) => `${formatPath(i.path)}: ${i.message}${i.fix ? ` (fix: ${i.fix})` : ''}`) };
  return { problems: [], scenario: r.scenario };
}

/** One run's metrics (all of SCENARIO_METRICS). */
export function scenarioMetrics(config: Record<string, unknown>, seed: number): Record<string, MetricValue> {
  const { problems, scenario } = problemsOf(config, seed);
  if (!scenario) throw new Error(problems.join('; '));
  const rec = shareRecorder();
  const summary = runScenario(scenario, rec, { components: defaultComponents(scenario) });
  return {
    ...metricsFromSummary(summary, SUMMARY_METRICS),
    'collusion.gain': collusionGain(summary),
    ...emissionShareMetrics(rec),
  };
}

export const runner: SweepRunner = {
  name: 'scenario',
  metrics: SCENARIO_METRICS,
  // The file as written (defaults not filled), so sweep paths match the scenario file.
  loadBase(path) {
    const data: unknown = YAML.parse(readFileSync(path, 'utf8'));
    if (!isMapping(data)) throw new Error(`${path}: a scenario must be a mapping of fields`);
    return data;
  },
  // The seed is the run's; the base's seed (required by the schema) may be omitted in a sweep.
  validate: (config) => problemsOf(config, 0).problems,
  run: (config, seed) => scenarioMetrics(config, seed),
};
