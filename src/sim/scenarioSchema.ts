/**
 * The scenario file's schema (zod v4). Field names are the file's (snake_case); hyperparameters
 * are in the chain's units (u16 fractions of 65535, u64 parts per million for
 * bonds_moving_average), and their defaults are the chain's (runtime/src/lib.rs, subtensor
 * 14bc6f9f). Amounts are TAO decimals or "<n>rao"; they parse to bigint rao.
 * Cross-field rules (netuids unique, event blocks inside the run, ...) are in scenarioCheck.ts.
 */
import { z } from 'zod';
import { amountRaoOrError } from './units.ts';

const U16 = 65_535;

export const amount = z
  .union([z.string(), z.number()])
  .transform((v, ctx): bigint => {
    const r = amountRaoOrError(v);
    if (typeof r === 'string') {
      ctx.addIssue({ code: 'custom', message: r, input: v });
      return z.NEVER;
    }
    return r;
  })
  .describe('an amount: TAO as a decimal (1000, "0.5") or rao as "123rao"');

const u16 = (what: string) =>
  z.int().min(0).max(U16).describe(`${what} (u16, 0..65535)`);

export const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*[smhdwyb]\\s*$';
export const duration = z
  .union([z.int().min(1), z.string().regex(new RegExp(DURATION_PATTERN), 'write a block count (216000) or a span such as "30d", "1y", "12h"')])
  .describe('blocks (an integer) or a span: <n>s|m|h|d|w|y (12 s blocks by default; 1y = 365 days)');

export const DISTRIBUTIONS = ['constant', 'uniform', 'normal', 'beta'] as const;
export const distribution = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('constant'), value: z.number() }),
  z.strictObject({ dist: z.literal('uniform'), min: z.number(), max: z.number() }),
  z.strictObject({ dist: z.literal('normal'), mean: z.number(), sd: z.number().min(0) }),
  z.strictObject({ dist: z.literal('beta'), a: z.number().positive(), b: z.number().positive() }),
]);
export type Distribution = z.infer<typeof distribution>;

export const hyperparameters = z
  .strictObject({
    kappa: u16('consensus majority').default(32_767),
    bonds_penalty: u16('bonds penalty').default(U16),
    bonds_moving_average: z.int().min(0).max(1_000_000).default(900_000).describe('bonds EMA, parts per million'),
    activity_cutoff: u16('blocks without weights before a validator is inactive').default(5_000),
    activity_cutoff_factor_milli: z
      .int()
      .min(0)
      .max(4_294_967_295)
      .nullable()
      .default(13_889)
      .describe('the chain (14bc6f9f) derives the cutoff as max(1, floor(factor x tempo / 1000)); null uses activity_cutoff instead'),
    max_allowed_validators: u16('validator permits').default(128),
    max_allowed_uids: u16('neurons a subnet may hold').default(256),
    immunity_period: u16('blocks a new neuron is safe from pruning').default(4_096),
    min_non_immune_uids: u16('uids neither immune nor immortal that pruning keeps before it takes an immune one').default(10),
    min_allowed_weights: u16('least non-zero weights a validator must set').default(0),
    alpha_low: u16('liquid alpha low').default(45_875),
    alpha_high: u16('liquid alpha high').default(58_982),
    validator_take: u16('validator take on nominator dividends').default(11_796),
  })
  .describe("hyperparameters in the chain's units");
export type Hyperparameters = z.infer<typeof hyperparameters>;

/**
 * The activity cutoff in blocks, as the chain computes it now (`get_activity_cutoff_blocks`,
 * utils/misc.rs @ 14bc6f9f): max(1, floor(factor_milli x tempo / 1000)); the older fixed
 * `activity_cutoff` when the factor is null.
 */
export function activityCutoffBlocks(h: Hyperparameters, tempo: number): number {
  if (h.activity_cutoff_factor_milli === null) return h.activity_cutoff;
  return Math.max(1, Math.floor((h.activity_cutoff_factor_milli * tempo) / 1000));
}
export const HYPERPARAMETER_NAMES = Object.keys(hyperparameters.shape) as (keyof Hyperparameters)[];

export const POOL_CURVES = ['constant-product', 'weighted'] as const;
export const YUMA_VARIANTS = ['classic', 'yuma3', 'yuma3-liquid'] as const;
export const SHARE_RULES = ['price-ema-burn', 'price-ema', 'flow'] as const;

export const pool = z.strictObject({
  curve: z.enum(POOL_CURVES).default('weighted'),
  tao_weight: z.number().gt(0).lt(1).default(0.5).describe('weighted curve: the TAO side weight'),
  fee: u16('swap fee').default(33),
});

export const subnetDefaults = z.strictObject({
  tempo: u16('blocks between epochs').min(1).default(360),
  hyperparameters: hyperparameters.prefault({}),
  initial_reserves: z
    .strictObject({ tao: amount.prefault(1_000), alpha: amount.prefault(1_000) })
    .prefault({}),
  pool: pool.prefault({}),
  yuma: z.enum(YUMA_VARIANTS).default('classic'),
  owner_cut: u16('owner cut').default(11_796),
  miner_burned: z.number().min(0).max(1).default(0).describe('fraction of miner emission the owner burns'),
});
export const subnet = subnetDefaults.extend({
  netuid: z.int().min(1).max(U16).describe('subnet id (0 is root)'),
});
export type SubnetConfig = z.infer<typeof subnet>;

export const subnetCount = z.strictObject({
  count: z.int().min(1).max(U16),
  defaults: subnetDefaults.prefault({}),
});

export const shareRule = z.strictObject({
  rule: z.enum(SHARE_RULES).default('price-ema-burn'),
  flow: z
    .strictObject({
      ema_smoothing_factor: z.number().gt(0).max(1).default(29_597_889_189_277 / 2 ** 63).describe('EMA weight of the newest block (chain: DefaultFlowEmaSmoothingFactor = 29,597,889,189,277 / 2^63, a one-month half-life)'),
      cutoff: z.number().default(0),
      norm_exponent: z.number().min(1).default(1),
      net_flow_enabled: z.boolean().default(true),
    })
    .prefault({}),
});
export type ShareRuleConfig = z.infer<typeof shareRule>;

const subnetTarget = z
  .union([z.literal('all'), z.array(z.int().min(1).max(U16)).min(1)])
  .default('all')
  .describe('"all" or a list of netuids');
const groupBase = {
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, _ . -')
    .optional()
    .describe('stable name of the group (default: its kind); agents are <id>/<netuid>/<i>'),
  count: z.int().min(1).default(1).describe('agents per subnet for neurons; agents in all for stakers'),
};
const neuronBase = { ...groupBase, subnets: subnetTarget };
const validatorBase = { ...neuronBase, stake: amount.prefault(1_000).describe('alpha stake of each validator') };

export const AGENT_KINDS = [
  'miner',
  'cabal-miner',
  'honest-validator',
  'cabal-validator',
  'weight-copier',
  'lazy-validator',
  'validator-mix',
  'passive-staker',
  'yield-chaser',
  'momentum-trader',
  'whale',
  'root-staker',
] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

const quality = distribution.prefault({ dist: 'uniform', min: 0, max: 1 } as never);
const stakerTarget = z.array(z.int().min(1).max(U16)).min(1).optional().describe('netuids to stake on (default: all)');

export const agentGroup = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('miner'), ...neuronBase, quality }),
  z.strictObject({ kind: z.literal('cabal-miner'), ...neuronBase, cabal: z.string().min(1), quality }),
  z.strictObject({ kind: z.literal('honest-validator'), ...validatorBase, noise: z.number().min(0).default(0.05) }),
  z.strictObject({ kind: z.literal('cabal-validator'), ...validatorBase, cabal: z.string().min(1) }),
  z.strictObject({ kind: z.literal('weight-copier'), ...validatorBase }),
  z.strictObject({
    kind: z.literal('lazy-validator'),
    ...validatorBase,
    noise: z.number().min(0).default(0.05),
    update_every_epochs: z.int().min(1).default(20),
  }),
  z.strictObject({
    kind: z.literal('validator-mix'),
    ...validatorBase,
    noise: z.number().min(0).default(0.05),
    update_every_epochs: z.int().min(1).default(20),
    mix: z
      .strictObject({
        honest: z.number().min(0).default(1),
        copier: z.number().min(0).default(0),
        lazy: z.number().min(0).default(0),
      })
      .prefault({}),
  }),
  z.strictObject({ kind: z.literal('passive-staker'), ...groupBase, amount: amount.prefault(100), netuids: stakerTarget }),
  z.strictObject({
    kind: z.literal('yield-chaser'),
    ...groupBase,
    amount: amount.prefault(100),
    netuids: stakerTarget,
    every_blocks: z.int().min(1).default(7_200),
    lookback_blocks: z.int().min(1).default(7_200),
    min_gain: z.number().min(0).default(0.1).describe('relative yield gain needed to move'),
  }),
  z.strictObject({
    kind: z.literal('momentum-trader'),
    ...groupBase,
    amount: amount.prefault(100),
    netuids: stakerTarget,
    every_blocks: z.int().min(1).default(3_600),
    lookback_blocks: z.int().min(1).default(7_200),
    threshold: z.number().min(0).default(0.05).describe('relative price move that triggers a trade'),
  }),
  z.strictObject({
    kind: z.literal('whale'),
    ...groupBase,
    amount: amount,
    netuid: z.int().min(1).max(U16),
    block: z.int().min(0),
    action: z.enum(['stake', 'unstake']).default('stake'),
  }),
  z.strictObject({ kind: z.literal('root-staker'), ...groupBase, amount: amount.prefault(100) }),
]);
export type AgentGroupConfig = z.infer<typeof agentGroup>;

export const EVENT_KINDS = [
  'set-hyperparameter',
  'set-share-rule',
  'set-pool-curve',
  'set-yuma-variant',
  'set-owner-cut',
  'register-subnet',
  'deregister-subnet',
  'register-neuron',
  'deregister-neuron',
  'agent-arrive',
  'agent-leave',
  'price-shock',
  'recycle',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const at = { block: z.int().min(0).describe('absolute block at which the event applies') };
export const event = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('set-hyperparameter'),
    ...at,
    netuid: z.int().min(1).max(U16),
    name: z.enum(HYPERPARAMETER_NAMES as [keyof Hyperparameters, ...(keyof Hyperparameters)[]]),
    value: z.int().min(0),
  }),
  z.strictObject({ kind: z.literal('set-share-rule'), ...at, share_rule: shareRule }),
  z.strictObject({ kind: z.literal('set-pool-curve'), ...at, netuid: z.int().min(1).max(U16), curve: z.enum(POOL_CURVES) }),
  z.strictObject({ kind: z.literal('set-yuma-variant'), ...at, netuid: z.int().min(1).max(U16), yuma: z.enum(YUMA_VARIANTS) }),
  z.strictObject({ kind: z.literal('set-owner-cut'), ...at, netuid: z.int().min(1).max(U16), owner_cut: u16('owner cut') }),
  z.strictObject({ kind: z.literal('register-subnet'), ...at, subnet }),
  z.strictObject({ kind: z.literal('deregister-subnet'), ...at, netuid: z.int().min(1).max(U16) }),
  z.strictObject({ kind: z.literal('register-neuron'), ...at, netuid: z.int().min(1).max(U16), agent: agentGroup }),
  z.strictObject({ kind: z.literal('deregister-neuron'), ...at, netuid: z.int().min(1).max(U16), uid: z.int().min(0).max(U16) }),
  z.strictObject({ kind: z.literal('agent-arrive'), ...at, agent: agentGroup }),
  z.strictObject({ kind: z.literal('agent-leave'), ...at, agent_id: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('price-shock'),
    ...at,
    netuid: z.int().min(1).max(U16),
    side: z.enum(['buy', 'sell']),
    amount: amount.describe('TAO in for a buy, alpha in for a sell'),
  }),
  z.strictObject({ kind: z.literal('recycle'), ...at, amount }),
]);
export type EventConfig = z.infer<typeof event>;

export const TABLE_NAMES = ['network', 'blocks', 'epochs'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'use letters, digits, _ . -').default('scenario'),
  description: z.string().default(''),
  taosim_version: z.string().optional().describe('written into scenario.resolved.yaml; informational'),
  seed: z.int().min(0).describe('required: the seed every random stream derives from'),
  duration: duration,
  start: z
    .strictObject({
      issuance: amount.prefault(0).describe('total TAO issuance before the first block'),
      block: z.int().min(0).default(0),
      date: z
        .string()
        .refine((d) => /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(d) && !Number.isNaN(Date.parse(d)), {
          message: 'not an ISO date: write 2025-07-01 or 2025-07-01T00:00:00Z',
        })
        .default('2023-03-20T00:00:00Z')
        .describe('date of the start block (12 s blocks after it)'),
    })
    .prefault({}),
  emission: z
    .strictObject({
      schedule: z.enum(['chain', 'time']).default('chain'),
      initial_reward: amount.prefault(1),
      cap: amount.prefault(21_000_000),
      block_time_seconds: z.number().positive().default(12),
      halving_interval_blocks: z.int().min(1).default(10_519_200),
      recycle_per_block: amount.prefault(0).describe('TAO taken out of issuance every block'),
    })
    .prefault({}),
  share_rule: shareRule.prefault({}),
  subnets: z.union([subnetCount, z.array(subnet).min(1)]).describe('a count with defaults, or a list of subnets'),
  agents: z.array(agentGroup).default([]),
  events: z.array(event).default([]),
  outputs: z
    .strictObject({
      tables: z.array(z.enum(TABLE_NAMES)).default(['network', 'blocks', 'epochs']),
      every_blocks: z.int().min(1).default(1).describe('write network/blocks rows every N blocks'),
    })
    .prefault({}),
});
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioParsed = z.output<typeof scenarioSchema>;
