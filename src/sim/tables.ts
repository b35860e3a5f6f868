/**
 * The tables a run emits and their columns (docs/outputs.md), declared here once. The engine
 * hands rows to a Recorder; it knows nothing of files.
 */
import type { TableName } from './scenarioSchema.ts';

export type Cell = string | number | bigint | boolean;

export interface TableSpec {
  readonly name: TableName;
  readonly columns: readonly string[];
}

export const NETWORK_TABLE: TableSpec = {
  name: 'network',
  columns: ['block', 'issuance_rao', 'block_reward_rao', 'recycled_rao', 'halvings', 'share_rule'],
};

export const BLOCKS_TABLE: TableSpec = {
  name: 'blocks',
  columns: [
    'block',
    'netuid',
    'emission_share',
    'tao_in_rao',
    'alpha_in_rao',
    'alpha_out_rao',
    'chain_buy_tao_rao',
    'price',
    'moving_price',
    'tao_reserve_rao',
    'alpha_reserve_rao',
    'pending_server_alpha',
    'pending_validator_alpha',
    'pending_owner_alpha',
    'pending_root_alpha',
  ],
};

export const EPOCHS_TABLE: TableSpec = {
  name: 'epochs',
  columns: [
    'block',
    'netuid',
    'uid',
    'role',
    'agent_kind',
    'agent_id',
    'stake',
    'validator_permit',
    'consensus',
    'validator_trust',
    'incentive',
    'dividends',
    'miner_emission_alpha',
    'validator_emission_alpha',
  ],
};

export const TABLES: Readonly<Record<TableName, TableSpec>> = {
  network: NETWORK_TABLE,
  blocks: BLOCKS_TABLE,
  epochs: EPOCHS_TABLE,
};

/**
 * Receives rows. `row` may be handed the same array again with new values: a recorder must
 * use (serialize or copy) the cells before it returns.
 */
export interface Recorder {
  open(table: TableSpec): void;
  row(table: TableName, cells: readonly Cell[]): void;
}

/** A recorder that keeps nothing (for benchmarks and runs that want only the summary). */
export const NULL_RECORDER: Recorder = { open() {}, row() {} };
