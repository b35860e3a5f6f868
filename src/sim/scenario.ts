/**
 * From a parsed document to the engine's scenario: parse with the schema, check the rules that
 * span fields, fill defaults, expand `subnets: {count}` into a list. `checkScenario` never
 * throws on bad input: it returns every problem with its path.
 */
import { makeSchedule, type ScheduleSpec } from '../emission/index.ts';
import {
  hyperparameters,
  scenarioSchema,
  type AgentGroupConfig,
  type EventConfig,
  type ScenarioParsed,
  type ShareRuleConfig,
  type SubnetConfig,
  type TableName,
} from './scenarioSchema.ts';
import { issuesFromZod, type PathKey, type ScenarioIssue } from './scenarioIssues.ts';
import { durationBlocks, raoText } from './units.ts';

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly durationBlocks: number;
  readonly startBlock: number;
  readonly startIssuanceRao: bigint;
  readonly startDateMs: number;
  readonly schedule: ScheduleSpec;
  readonly recyclePerBlockRao: bigint;
  readonly shareRule: ShareRuleConfig;
  readonly subnets: readonly SubnetConfig[];
  /** Agent groups with `id` filled in (default: the kind). */
  readonly agents: readonly (AgentGroupConfig & { id: string })[];
  /** In file order: the queue's sequence number is the index here. */
  readonly events: readonly EventConfig[];
  readonly outputs: { readonly tables: readonly TableName[]; readonly everyBlocks: number };
  /** The scenario as run, as plain data (amounts as "<n>rao"), for scenario.resolved.yaml. */
  readonly document: Record<string, unknown>;
}

export type CheckResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

export interface Overrides {
  readonly seed?: number;
  readonly blocks?: number;
}

/** Validates a parsed document (from YAML or JSON) and resolves it. */
export function checkScenario(input: unknown, overrides: Overrides = {}): CheckResult {
  const withOverrides = applyOverrides(input, overrides);
  const parsed = scenarioSchema.safeParse(withOverrides);
  if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error.issues, withOverrides) };
  const issues: ScenarioIssue[] = [];
  const scenario = resolve(parsed.data, issues, overrides.blocks !== undefined);
  return issues.length > 0 || scenario === null ? { ok: false, issues } : { ok: true, scenario };
}

function applyOverrides(input: unknown, o: Overrides): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const copy: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  if (o.seed !== undefined) copy.seed = o.seed;
  if (o.blocks !== undefined) copy.duration = o.blocks;
  return copy;
}

function expandSubnets(p: ScenarioParsed): SubnetConfig[] {
  if (Array.isArray(p.subnets)) return p.subnets;
  const { count, defaults } = p.subnets;
  return Array.from({ length: count }, (_, i) => ({ ...defaults, netuid: i + 1 }));
}

function push(issues: ScenarioIssue[], path: PathKey[], message: string, fix: string): void {
  issues.push({ path, message, fix });
}

/**
 * `truncated`: the duration comes from --blocks; events and whales after the shortened end are
 * then dropped rather than refused (they would happen after the run).
 */
function resolve(p: ScenarioParsed, issues: ScenarioIssue[], truncated: boolean): Scenario | null {
  let blocks = 0;
  try {
    blocks = durationBlocks(p.duration, p.emission.block_time_seconds);
  } catch (e) {
    push(issues, ['duration'], `${JSON.stringify(p.duration)} is not a whole number of blocks`, `at ${p.emission.block_time_seconds} s a block, give a span that divides into blocks, or a block count`);
  }
  if (p.start.issuance > p.emission.cap) {
    push(issues, ['start', 'issuance'], 'issuance is above the cap', 'give an issuance at or below emission.cap');
  }
  if (p.emission.initial_reward === 0n) push(issues, ['emission', 'initial_reward'], 'the reward is 0', 'give a positive reward');
  if (p.emission.cap === 0n) push(issues, ['emission', 'cap'], 'the cap is 0', 'give a positive cap');
  const subnets = expandSubnets(p);
  const netuids = new Set<number>();
  subnets.forEach((s, i) => {
    if (netuids.has(s.netuid)) push(issues, ['subnets', i, 'netuid'], `netuid ${s.netuid} appears twice`, 'give each subnet its own netuid');
    netuids.add(s.netuid);
    if (s.hyperparameters.alpha_low > s.hyperparameters.alpha_high) {
      push(issues, ['subnets', i, 'hyperparameters', 'alpha_low'], 'alpha_low is above alpha_high', 'make alpha_low <= alpha_high');
    }
  });
  const startBlock = p.start.block;
  const endBlock = startBlock + blocks;
  // Subnets that exist at some point: registered ones count too (events are checked in order).
  const known = new Set(netuids);
  p.events.forEach((e, i) => {
    if (e.block < startBlock) push(issues, ['events', i, 'block'], `block ${e.block} is before the start (${startBlock})`, `use a block >= ${startBlock}`);
    else if (blocks > 0 && e.block >= endBlock && !truncated) push(issues, ['events', i, 'block'], `block ${e.block} is after the run ends (${endBlock - 1})`, `use a block < ${endBlock}, or lengthen duration`);
    if (e.kind === 'register-subnet') {
      if (known.has(e.subnet.netuid)) push(issues, ['events', i, 'subnet', 'netuid'], `netuid ${e.subnet.netuid} already exists`, 'register a new netuid');
      known.add(e.subnet.netuid);
    } else if ('netuid' in e && !known.has(e.netuid)) {
      push(issues, ['events', i, 'netuid'], `no subnet ${e.netuid}`, `use one of: ${[...known].join(', ')}`);
    }
    if (e.kind === 'set-hyperparameter') checkHyperparameterValue(e, ['events', i, 'value'], issues);
  });
  const ids = new Set<string>();
  const agents = p.agents.map((g, i) => {
    const id = g.id ?? g.kind;
    if (ids.has(id)) push(issues, ['agents', i, 'id'], `agent group id "${id}" is used twice`, 'give each group its own id');
    ids.add(id);
    checkGroupTargets(g, ['agents', i], netuids, startBlock, endBlock, blocks > 0 && !truncated, issues);
    return { ...g, id };
  });
  p.events.forEach((e, i) => {
    if (e.kind !== 'agent-arrive' && e.kind !== 'register-neuron') return;
    const id = e.agent.id ?? e.agent.kind;
    if (ids.has(id)) push(issues, ['events', i, 'agent', 'id'], `agent group id "${id}" is already used`, 'give the arriving group its own id (agent ids and random streams derive from it)');
    ids.add(id);
    const neuron = isNeuronGroup(e.agent);
    if (e.kind === 'agent-arrive' && neuron) push(issues, ['events', i, 'agent', 'kind'], `${e.agent.kind} is a neuron`, 'use register-neuron for miners and validators');
    if (e.kind === 'register-neuron' && !neuron) push(issues, ['events', i, 'agent', 'kind'], `${e.agent.kind} is not a neuron`, 'use agent-arrive for stakers');
  });
  checkNeuronCapacity(agents, subnets, issues);
  const tables = p.outputs.tables;
  tables.forEach((t, i) => {
    if (tables.indexOf(t) !== i) push(issues, ['outputs', 'tables', i], `table ${t} is listed twice`, 'list it once');
  });
  if (issues.length > 0) return null;
  const schedule = makeSchedule(p.emission.schedule, {
    initialRewardRao: p.emission.initial_reward,
    capRao: p.emission.cap,
    blockTimeSeconds: p.emission.block_time_seconds,
    halvingIntervalBlocks: p.emission.halving_interval_blocks,
  });
  const dateMs = Date.parse(p.start.date);
  return {
    name: p.name,
    description: p.description,
    seed: p.seed,
    durationBlocks: blocks,
    startBlock,
    startIssuanceRao: p.start.issuance,
    startDateMs: dateMs,
    schedule,
    recyclePerBlockRao: p.emission.recycle_per_block,
    shareRule: p.share_rule,
    subnets,
    agents,
    events: p.events.filter((e) => e.block < endBlock),
    outputs: { tables, everyBlocks: p.outputs.every_blocks },
    document: toDocument({ ...p, taosim_version: undefined, duration: blocks, subnets, agents, events: p.events.filter((e) => e.block < endBlock) }),
  };
}

/** A set-hyperparameter value must lie in the hyperparameter's own range (its field in the schema). */
function checkHyperparameterValue(e: Extract<EventConfig, { kind: 'set-hyperparameter' }>, path: PathKey[], issues: ScenarioIssue[]): void {
  const r = hyperparameters.shape[e.name].safeParse(e.value);
  if (r.success) return;
  const why = r.error.issues[0]?.message ?? 'out of range';
  push(issues, path, `${e.value} is not a valid ${e.name} (${why})`, `give a value that subnets[].hyperparameters.${e.name} accepts`);
}

function checkGroupTargets(
  g: AgentGroupConfig,
  path: PathKey[],
  netuids: ReadonlySet<number>,
  startBlock: number,
  endBlock: number,
  haveEnd: boolean,
  issues: ScenarioIssue[],
): void {
  const list: readonly number[] | undefined =
    'subnets' in g && Array.isArray(g.subnets) ? g.subnets : 'netuids' in g ? g.netuids : 'netuid' in g ? [g.netuid] : undefined;
  const field = 'subnets' in g ? 'subnets' : 'netuids' in g ? 'netuids' : 'netuid';
  list?.forEach((n, j) => {
    if (!netuids.has(n)) {
      push(issues, field === 'netuid' ? [...path, field] : [...path, field, j], `no subnet ${n} at the start`, `use one of: ${[...netuids].join(', ')}`);
    }
  });
  if (g.kind === 'whale') {
    if (g.block < startBlock) push(issues, [...path, 'block'], `block ${g.block} is before the start (${startBlock})`, `use a block >= ${startBlock}`);
    else if (haveEnd && g.block >= endBlock) push(issues, [...path, 'block'], `block ${g.block} is after the run ends`, `use a block < ${endBlock}`);
  }
  if (g.kind === 'validator-mix' && g.mix.honest + g.mix.copier + g.mix.lazy <= 0) {
    push(issues, [...path, 'mix'], 'the mix weights add up to 0', 'give at least one kind a positive weight');
  }
}

const NEURON_KINDS = new Set(['miner', 'cabal-miner', 'honest-validator', 'cabal-validator', 'weight-copier', 'lazy-validator', 'validator-mix']);

export function isNeuronGroup(g: AgentGroupConfig): g is Extract<AgentGroupConfig, { subnets: unknown }> {
  return NEURON_KINDS.has(g.kind);
}

/** The netuids a neuron group populates. */
export function groupNetuids(g: Extract<AgentGroupConfig, { subnets: unknown }>, subnets: readonly SubnetConfig[]): number[] {
  return g.subnets === 'all' ? subnets.map((s) => s.netuid) : [...g.subnets];
}

function checkNeuronCapacity(agents: readonly AgentGroupConfig[], subnets: readonly SubnetConfig[], issues: ScenarioIssue[]): void {
  const count = new Map<number, number>();
  for (const g of agents) {
    if (!isNeuronGroup(g)) continue;
    for (const n of groupNetuids(g, subnets)) count.set(n, (count.get(n) ?? 0) + g.count);
  }
  subnets.forEach((s, i) => {
    const c = count.get(s.netuid) ?? 0;
    if (c > s.hyperparameters.max_allowed_uids) {
      push(issues, ['subnets', i, 'hyperparameters', 'max_allowed_uids'], `subnet ${s.netuid} gets ${c} neurons from agents but allows ${s.hyperparameters.max_allowed_uids}`, `raise max_allowed_uids to ${c} or lower the agent counts`);
    }
  });
}

/** Plain data for YAML: bigints become "<n>rao" (re-readable exactly). */
function toDocument(value: unknown): Record<string, unknown> {
  return plain(value) as Record<string, unknown>;
}

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return raoText(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = plain(x);
    return o;
  }
  return v;
}
