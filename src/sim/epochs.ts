/**
 * Epochs: which subnets run one at this block (the market decides when it is connected; else
 * every `tempo` blocks since the last), and one subnet's epoch: weights from the agents, the
 * consensus, the market's distribution, epochs.csv rows, the run's tallies.
 */
import type { EpochEmission, SubnetReading } from './ports.ts';
import type { RunState } from './engine.ts';
import type { SubnetState } from './subnetState.ts';
import { collectWeights, collectWeightsOfNewcomers, epochInput, tallyEpoch } from './subnetState.ts';
import { TABLES, type Cell } from './tables.ts';

export interface EpochScratch {
  due: Int32Array;
  reading: SubnetReading;
  blocksRow: Cell[];
  epochsRow: Cell[];
}

export function createEpochScratch(): EpochScratch {
  return {
    due: new Int32Array(16),
    reading: {
      emissionShare: 0,
      taoInRao: 0,
      alphaInRao: 0,
      alphaOutRao: 0,
      chainBuyTaoRao: 0,
      price: 0,
      movingPrice: 0,
      taoReserveRao: 0,
      alphaReserveRao: 0,
      pendingServerAlpha: 0,
      pendingValidatorAlpha: 0,
      pendingOwnerAlpha: 0,
      pendingRootAlpha: 0,
    },
    blocksRow: new Array<Cell>(TABLES.blocks.columns.length),
    epochsRow: new Array<Cell>(TABLES.epochs.columns.length),
  };
}

/** Runs every epoch due at `block`; returns how many ran. */
export function runEpochs(state: RunState, block: number): number {
  const { market, consensus } = state.components;
  if (!consensus) return 0;
  let ran = 0;
  if (market) {
    const sc = state.epochScratch;
    if (sc.due.length < state.subnets.length) sc.due = new Int32Array(state.subnets.length * 2);
    const k = market.epochsDue(block, sc.due);
    for (let i = 0; i < k; i++) {
      const s = state.bySubnet.get(sc.due[i]);
      if (s && s.active) {
        runSubnetEpoch(state, s, block);
        ran++;
      }
    }
    return ran;
  }
  for (const s of state.subnets) {
    if (s.active && block - s.lastEpochBlock >= s.config.tempo) {
      runSubnetEpoch(state, s, block);
      ran++;
    }
  }
  return ran;
}

/**
 * One subnet's epoch. Validators set the weights an epoch uses right after the epoch before it
 * (once a tempo, seeing the subnet as it is then); a subnet's first epoch, and validators that
 * joined since the last epoch, set them at the epoch itself. So the next epoch's weights are known a tempo ahead, and a consensus that
 * can (`prepareEpoch`, the threaded one) starts on it with the stake and block predicted.
 */
function runSubnetEpoch(state: RunState, s: SubnetState, block: number): void {
  const { market, consensus } = state.components;
  if (!consensus) return;
  if (market) market.readStake(s.netuid, s.stake);
  if (s.epochs === 0) collectWeights(s, block);
  else collectWeightsOfNewcomers(s, block);
  consensus.runEpoch(epochInput(s, block), s.result);
  s.weightsLent = false;
  if (market) market.distribute(s.netuid, block, s.result, s.n, s.emission);
  s.lastEpochBlock = block;
  if (state.recordEpochs) recordEpoch(state, s, block, market !== undefined);
  tallyEpoch(s, market !== undefined);
  collectWeights(s, block);
  if (consensus.prepareEpoch && block + s.config.tempo < state.endBlock) {
    // The stake after this epoch's distribution, and the next epoch a tempo on (the chain's rule
    // when no epoch is deferred): a wrong guess costs a recomputation, never a different result.
    if (market) market.readStake(s.netuid, s.stake);
    consensus.prepareEpoch(epochInput(s, block + s.config.tempo));
    s.weightsLent = true;
  }
}

function recordEpoch(state: RunState, s: SubnetState, block: number, haveEmission: boolean): void {
  const row = state.epochScratch.epochsRow;
  const r = s.result;
  const e: EpochEmission = s.emission;
  for (let uid = 0; uid < s.n; uid++) {
    row[0] = block;
    row[1] = s.netuid;
    row[2] = uid;
    row[3] = s.pop.role[uid];
    row[4] = s.pop.agentKind[uid];
    row[5] = s.pop.agentId[uid];
    row[6] = s.stake[uid];
    row[7] = r.validatorPermit[uid] !== 0;
    row[8] = r.consensus[uid];
    row[9] = r.validatorTrust[uid];
    row[10] = r.incentive[uid];
    row[11] = r.dividends[uid];
    row[12] = haveEmission ? e.minerAlpha[uid] : '';
    row[13] = haveEmission ? e.validatorAlpha[uid] : '';
    state.recorder.row('epochs', row);
  }
}
