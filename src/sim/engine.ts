/**
 * The block loop. Per block: mint (src/emission's IssuanceClock), the market's routing and
 * injection, the scenario's events due at this block (in file order), per-block recycling,
 * stakers due, then every subnet epoch due: validators' weights from their agents, the
 * consensus, the market's distribution. Rows go to a Recorder; nothing here touches a file.
 */
import { buildPopulation, type StakerAgent } from '../agents/index.ts';
import {
  createIssuanceClock,
  issuanceOf,
  mintBlock,
  recycleRao,
  regimeAt,
  totalRecycled,
  type IssuanceClock,
} from '../emission/index.ts';
import { PHASE_AGENT, PHASE_EVENT, createEventQueue, peekBlock, popEvent, pushEvent, type EventQueue } from './eventQueue.ts';
import type { Components } from './ports.ts';
import type { Scenario } from './scenario.ts';
import type { EventConfig } from './scenarioSchema.ts';
import { createSubnetState, sharesWeights, type SubnetState } from './subnetState.ts';
import { TABLES, type Cell, type Recorder } from './tables.ts';
import { applyEvent, type EventTally } from './events.ts';
import { runEpochs, type EpochScratch, createEpochScratch } from './epochs.ts';
import { createOperations, createMarketView, type OperationTally } from './marketAccess.ts';
import { summarize, type RunSummary } from './summary.ts';

export interface HalvingCrossed {
  readonly index: number;
  /** First block minted at the new reward. */
  readonly block: number;
  /** Issuance before that block. */
  readonly issuanceRao: bigint;
}

export interface ConservationState {
  ok: boolean;
  checkedBlocks: number;
  firstFailure: null | { block: number; detail: string };
}

export type QueueItem = { readonly phase: typeof PHASE_EVENT; readonly event: EventConfig } | { readonly phase: typeof PHASE_AGENT; readonly staker: StakerAgent };

export interface RunState {
  readonly scenario: Scenario;
  readonly components: Components;
  readonly recorder: Recorder;
  readonly clock: IssuanceClock;
  readonly queue: EventQueue<QueueItem>;
  readonly subnets: SubnetState[];
  readonly bySubnet: Map<number, SubnetState>;
  readonly cabals: string[];
  readonly normals: Float32Array;
  /** Next block to run. */
  block: number;
  readonly endBlock: number;
  shareRule: string;
  lastReward: number;
  maxEra: number;
  readonly halvings: HalvingCrossed[];
  readonly conservation: ConservationState;
  /** Issuance at the last exact check, and minted - recycled since (exact below 2^53). */
  checkpointIssuance: bigint;
  deltaSinceCheckpoint: number;
  recycledThisBlock: number;
  readonly eventTally: EventTally;
  readonly opTally: OperationTally;
  readonly epochScratch: EpochScratch;
  epochsRun: number;
  readonly recordNetwork: boolean;
  readonly recordBlocks: boolean;
  readonly recordEpochs: boolean;
  readonly networkRow: Cell[];
  /** Agent ids and group ids that have left (agent-leave). */
  readonly departed: Set<string>;
  /** Price history for momentum traders: ring of `priceRingLen` blocks per subnet slot. */
  readonly priceRing: Float64Array;
  readonly priceRingLen: number;
}

const CHECKPOINT_BLOCKS = 1024;

function eraNow(c: IssuanceClock): number {
  return regimeAt(c.spec, issuanceOf(c), c.block).era;
}

/** Builds the run: agents, subnets (told to the market), the queue with events and stakers. */
export function createRun(scenario: Scenario, recorder: Recorder, components: Components = {}): RunState {
  const clock = createIssuanceClock(scenario.schedule, scenario.startIssuanceRao, scenario.startBlock);
  const netuids = scenario.subnets.map((s) => s.netuid);
  const pop = buildPopulation(scenario.seed, scenario.agents, netuids, scenario.startBlock);
  const shared = sharesWeights(components.consensus);
  const subnets = scenario.subnets.map((cfg, i) => createSubnetState(cfg, pop.subnets[i], scenario.startBlock, shared));
  const queue = createEventQueue<QueueItem>(scenario.events.length + pop.stakers.length + 8);
  scenario.events.forEach((event) => pushEvent(queue, event.block, PHASE_EVENT, { phase: PHASE_EVENT, event }));
  for (const staker of pop.stakers) pushEvent(queue, staker.firstBlock, PHASE_AGENT, { phase: PHASE_AGENT, staker });
  const market = components.market;
  if (market) {
    for (const s of subnets) {
      market.addSubnet(s.config, scenario.startBlock);
      for (let uid = 0; uid < s.n; uid++) market.registerNeuron(s.netuid, uid, s.pop.agentId[uid], s.pop.stakeRao[uid], scenario.startBlock);
    }
  }
  const tables = new Set(scenario.outputs.tables);
  const ringLen = market ? priceHistoryLength(scenario) : 0;
  const slots = subnets.length + scenario.events.filter((e) => e.kind === 'register-subnet').length;
  const state: RunState = {
    scenario,
    components,
    recorder,
    clock,
    queue,
    subnets,
    bySubnet: new Map(subnets.map((s) => [s.netuid, s])),
    cabals: pop.cabals,
    normals: pop.normals,
    block: scenario.startBlock,
    endBlock: scenario.startBlock + scenario.durationBlocks,
    shareRule: scenario.shareRule.rule,
    lastReward: clock.rewardRao,
    maxEra: eraNow(clock),
    halvings: [],
    conservation: { ok: true, checkedBlocks: 0, firstFailure: null },
    checkpointIssuance: scenario.startIssuanceRao,
    deltaSinceCheckpoint: 0,
    recycledThisBlock: 0,
    eventTally: { applied: 0, notSimulated: {} },
    opTally: { executed: 0, refused: {}, notSimulated: 0 },
    epochScratch: createEpochScratch(),
    epochsRun: 0,
    recordNetwork: tables.has('network'),
    recordBlocks: tables.has('blocks') && market !== undefined,
    recordEpochs: tables.has('epochs') && components.consensus !== undefined,
    networkRow: new Array<Cell>(TABLES.network.columns.length),
    departed: new Set(),
    priceRing: new Float64Array(ringLen * slots).fill(Number.NaN),
    priceRingLen: ringLen,
  };
  if (state.recordNetwork) recorder.open(TABLES.network);
  if (state.recordBlocks) recorder.open(TABLES.blocks);
  if (state.recordEpochs) recorder.open(TABLES.epochs);
  return state;
}

/** Blocks of price history the momentum traders need (0: none keep any). */
function priceHistoryLength(scenario: Scenario): number {
  let len = 0;
  const groups = [...scenario.agents, ...scenario.events.flatMap((e) => (e.kind === 'agent-arrive' ? [e.agent] : []))];
  for (const g of groups) if (g.kind === 'momentum-trader') len = Math.max(len, g.lookback_blocks + 1);
  return len;
}

function recordPrices(state: RunState, block: number): void {
  const market = state.components.market;
  const len = state.priceRingLen;
  if (!market || len === 0) return;
  const slot = block % len;
  const subnets = state.subnets;
  for (let i = 0; i < subnets.length; i++) {
    if (subnets[i].active) state.priceRing[i * len + slot] = market.priceTao(subnets[i].netuid);
  }
}

/** The price of a subnet `ago` blocks before `block` (NaN when not kept or before the start). */
export function priceAgo(state: RunState, netuid: number, block: number, ago: number): number {
  const len = state.priceRingLen;
  const b = block - ago;
  if (len === 0 || ago < 0 || ago >= len || b < state.scenario.startBlock) return Number.NaN;
  const i = state.subnets.findIndex((s) => s.netuid === netuid);
  return i < 0 ? Number.NaN : state.priceRing[i * len + (b % len)];
}

/** Takes TAO out of issuance in this block (recycling events, per-block recycling, market). */
export function recycle(state: RunState, amountRao: number): void {
  if (amountRao === 0) return;
  recycleRao(state.clock, amountRao);
  state.recycledThisBlock += amountRao;
}

function noteHalving(state: RunState): void {
  const c = state.clock;
  if (c.rewardRao === state.lastReward) return;
  state.lastReward = c.rewardRao;
  const era = eraNow(c);
  if (era > state.maxEra && Number.isFinite(era)) {
    state.maxEra = era;
    state.halvings.push({ index: era, block: c.block, issuanceRao: issuanceOf(c) });
  }
}

function checkConservation(state: RunState, block: number, minted: number, last: boolean): void {
  const cons = state.conservation;
  state.deltaSinceCheckpoint += minted - state.recycledThisBlock;
  const market = state.components.market;
  if (market) {
    const problem = market.checkConservation(block, minted, state.recycledThisBlock);
    if (problem !== null && cons.ok) {
      cons.ok = false;
      cons.firstFailure = { block, detail: problem };
    }
  }
  const covered = block - state.scenario.startBlock + 1;
  if (last || covered % CHECKPOINT_BLOCKS === 0) {
    const expected = state.checkpointIssuance + BigInt(state.deltaSinceCheckpoint);
    const actual = issuanceOf(state.clock);
    if (expected !== actual && cons.ok) {
      cons.ok = false;
      cons.firstFailure = { block, detail: `issuance ${actual} rao, expected ${expected} rao from minted - recycled` };
    }
    state.checkpointIssuance = actual;
    state.deltaSinceCheckpoint = 0;
    cons.checkedBlocks = covered;
  }
}

function drainQueue(state: RunState, block: number): void {
  const q = state.queue;
  while (peekBlock(q) <= block) {
    const item = popEvent(q);
    if (item.phase === PHASE_EVENT) {
      applyEvent(state, item.event, block);
    } else {
      if (state.departed.has(item.staker.id) || state.departed.has(groupOf(item.staker.id))) continue;
      const next = item.staker.act(createMarketView(state, block), createOperations(state, block));
      if (Number.isFinite(next) && next < state.endBlock) pushEvent(q, Math.max(next, block + 1), PHASE_AGENT, item);
    }
  }
}

/** The group id of an agent id (`<group>/<netuid>/<i>` or `<group>/<i>`). */
export function groupOf(agentId: string): string {
  const cut = agentId.indexOf('/');
  return cut < 0 ? agentId : agentId.slice(0, cut);
}

function recordNetwork(state: RunState, block: number, minted: number): void {
  const row = state.networkRow;
  row[0] = block;
  row[1] = issuanceOf(state.clock);
  row[2] = minted;
  row[3] = totalRecycled(state.clock);
  row[4] = state.halvings.length;
  row[5] = state.shareRule;
  state.recorder.row('network', row);
}

/** Runs up to `maxBlocks` blocks; returns true when the run is complete. */
export function stepRun(state: RunState, maxBlocks: number): boolean {
  const market = state.components.market;
  const every = state.scenario.outputs.everyBlocks;
  const start = state.scenario.startBlock;
  const stop = Math.min(state.endBlock, state.block + maxBlocks);
  for (let block = state.block; block < stop; block++) {
    state.recycledThisBlock = 0;
    const minted = mintBlock(state.clock);
    if (market) {
      recycle(state, market.onBlock(block, minted));
      recordPrices(state, block);
    }
    if (peekBlock(state.queue) <= block) drainQueue(state, block);
    const perBlock = state.scenario.recyclePerBlockRao;
    if (perBlock > 0n) recycle(state, Number(perBlock));
    state.epochsRun += runEpochs(state, block);
    noteHalving(state);
    checkConservation(state, block, minted, block === state.endBlock - 1);
    if ((block - start) % every === 0) {
      if (state.recordNetwork) recordNetwork(state, block, minted);
      if (state.recordBlocks) recordBlocks(state, block);
    }
  }
  state.block = stop;
  const over = state.block >= state.endBlock;
  if (over) state.components.consensus?.close?.();
  return over;
}

function recordBlocks(state: RunState, block: number): void {
  const market = state.components.market;
  if (!market) return;
  const r = state.epochScratch.reading;
  const row = state.epochScratch.blocksRow;
  for (const s of state.subnets) {
    if (!s.active) continue;
    market.readSubnet(s.netuid, r);
    row[0] = block;
    row[1] = s.netuid;
    row[2] = r.emissionShare;
    row[3] = r.taoInRao;
    row[4] = r.alphaInRao;
    row[5] = r.alphaOutRao;
    row[6] = r.chainBuyTaoRao;
    row[7] = r.price;
    row[8] = r.movingPrice;
    row[9] = r.taoReserveRao;
    row[10] = r.alphaReserveRao;
    row[11] = r.pendingServerAlpha;
    row[12] = r.pendingValidatorAlpha;
    row[13] = r.pendingOwnerAlpha;
    row[14] = r.pendingRootAlpha;
    state.recorder.row('blocks', row);
  }
}

export interface RunOptions {
  readonly components?: Components;
  /** Called every `progressEvery` blocks with the blocks done so far. */
  readonly onProgress?: (blocksDone: number, blocksTotal: number) => void;
  readonly progressEvery?: number;
}

/** The whole run, synchronously: pure apart from what it hands the recorder. */
export function runScenario(scenario: Scenario, recorder: Recorder, options: RunOptions = {}): RunSummary {
  const state = createRun(scenario, recorder, options.components);
  const chunk = options.progressEvery ?? 65_536;
  while (!stepRun(state, chunk)) options.onProgress?.(state.block - scenario.startBlock, scenario.durationBlocks);
  options.onProgress?.(scenario.durationBlocks, scenario.durationBlocks);
  return summarize(state);
}
