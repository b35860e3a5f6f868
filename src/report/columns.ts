/**
 * The result files' columns, as agreed in OUTPUT-FORMATS.md (the simulator and the sweep write
 * them). Units: *_rao in rao (1e-9 TAO); alpha amounts in alpha units (1e-9 alpha); shares,
 * prices, trust and incentive as floats.
 */
import { ReportInputError, type FieldReader } from './csv.ts';

export const NETWORK_COLUMNS = ['block', 'issuance_rao', 'block_reward_rao', 'recycled_rao', 'halvings', 'share_rule'] as const;
export const BLOCKS_COLUMNS = [
  'block', 'netuid', 'emission_share', 'tao_in_rao', 'alpha_in_rao', 'alpha_out_rao', 'chain_buy_tao_rao', 'price',
  'moving_price', 'tao_reserve_rao', 'alpha_reserve_rao', 'pending_server_alpha', 'pending_validator_alpha',
  'pending_owner_alpha', 'pending_root_alpha',
] as const;
export const EPOCHS_COLUMNS = [
  'block', 'netuid', 'uid', 'role', 'agent_kind', 'agent_id', 'stake', 'validator_permit', 'consensus',
  'validator_trust', 'incentive', 'dividends', 'miner_emission_alpha', 'validator_emission_alpha',
] as const;
/** runs.csv starts with these; parameter and metric columns follow (named in summary.csv). */
export const RUNS_LEADING_COLUMNS = ['run', 'point', 'replicate', 'seed'] as const;
/** summary.csv: `point`, the parameter columns, then these. */
export const SUMMARY_STAT_COLUMNS = ['metric', 'n', 'mean', 'sd', 'p5', 'p50', 'p95'] as const;

/** One row of network.csv (the parts the report shows). */
export interface NetworkRow {
  block: number;
  issuanceRao: bigint;
  blockRewardRao: bigint;
  recycledRao: bigint;
  halvings: number;
  shareRule: string;
}

/** One row of blocks.csv (the parts the report shows). */
export interface BlockRow {
  block: number;
  netuid: number;
  emissionShare: number | null;
  price: number | null;
  movingPrice: number | null;
  taoReserveRao: bigint;
  alphaReserveAlpha: bigint;
}

export type Role = 'miner' | 'validator';

/** One row of epochs.csv (the parts the report shows). */
export interface EpochRow {
  block: number;
  netuid: number;
  uid: number;
  role: Role;
  agentKind: string;
  agentId: string;
  /** The uid's stake (alpha units); read as a float, it is used only for shares. */
  stake: number;
  validatorTrust: number | null;
  incentive: number | null;
  dividends: number | null;
  minerEmissionAlpha: bigint;
  validatorEmissionAlpha: bigint;
}

type Col<C extends string> = Record<C, number>;

export function readNetworkRow(f: FieldReader, c: Col<(typeof NETWORK_COLUMNS)[number]>): NetworkRow {
  return {
    block: f.int(c.block, 'block'),
    issuanceRao: f.bigint(c.issuance_rao, 'issuance_rao'),
    blockRewardRao: f.bigint(c.block_reward_rao, 'block_reward_rao'),
    recycledRao: f.bigint(c.recycled_rao, 'recycled_rao'),
    halvings: f.int(c.halvings, 'halvings'),
    shareRule: f.text(c.share_rule, 'share_rule'),
  };
}

export function readBlockRow(f: FieldReader, c: Col<(typeof BLOCKS_COLUMNS)[number]>): BlockRow {
  return {
    block: f.int(c.block, 'block'),
    netuid: f.int(c.netuid, 'netuid'),
    emissionShare: f.float(c.emission_share, 'emission_share'),
    price: f.float(c.price, 'price'),
    movingPrice: f.float(c.moving_price, 'moving_price'),
    taoReserveRao: f.bigint(c.tao_reserve_rao, 'tao_reserve_rao'),
    alphaReserveAlpha: f.bigint(c.alpha_reserve_rao, 'alpha_reserve_rao'),
  };
}

export function readEpochRow(f: FieldReader, c: Col<(typeof EPOCHS_COLUMNS)[number]>): EpochRow {
  const role = f.text(c.role, 'role');
  if (role !== 'miner' && role !== 'validator') {
    throw new ReportInputError(`${f.file}: line ${f.line}, column role: '${role}' is not miner or validator`);
  }
  return {
    block: f.int(c.block, 'block'),
    netuid: f.int(c.netuid, 'netuid'),
    uid: f.int(c.uid, 'uid'),
    role,
    agentKind: f.text(c.agent_kind, 'agent_kind'),
    agentId: f.text(c.agent_id, 'agent_id'),
    stake: f.amount(c.stake, 'stake'),
    validatorTrust: f.float(c.validator_trust, 'validator_trust'),
    incentive: f.float(c.incentive, 'incentive'),
    dividends: f.float(c.dividends, 'dividends'),
    minerEmissionAlpha: f.bigint(c.miner_emission_alpha, 'miner_emission_alpha'),
    validatorEmissionAlpha: f.bigint(c.validator_emission_alpha, 'validator_emission_alpha'),
  };
}
