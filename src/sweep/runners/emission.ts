/**
 * The `emission` runner: the halving projection (src/emission) as a sweep runner. Cheap and
 * deterministic; `recycle_noise` adds a per-run uniform offset to the recycling, drawn from the
 * run seed, so replicates differ when asked to.
 *
 * Config (amounts are TAO as numbers, or amount strings such as "1.5" or "1500000000rao"):
 *   schedule: chain | time, start_issuance, start_block, recycle_per_block, recycle_noise,
 *   initial_reward, cap, halving_interval_blocks (time schedule), horizon_blocks.
 */
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import YAML from 'yaml';
import { z } from 'zod';
import { FOUR_YEARS_BLOCKS, SCHEDULE_NAMES, makeSchedule, projectHalvings } from '../../emission/index.ts';
import { AmountError, parseAmountRao } from '../../money/index.ts';
import type { MetricValue, SweepRunner } from '../runner.ts';

const SECONDS_PER_YEAR = 365.25 * 86_400;

/** A TAO amount given as a float: its exact binary value rounded to the nearest rao. */
export function taoNumberToRao(x: number): bigint {
  if (!Number.isFinite(x) || x < 0 || x >= 1e21) throw new AmountError(`${x} is not a TAO amount: give a number from 0 to 1e20`);
  return parseAmountRao(x.toFixed(9));
}

const amount = z.union([z.number(), z.string()]).transform((v, ctx) => {
  try {
    return typeof v === 'number' ? taoNumberToRao(v) : parseAmountRao(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

const config = z.strictObject({
  schedule: z.enum(SCHEDULE_NAMES as [string, ...string[]]).default('chain'),
  start_issuance: amount.prefault(0),
  start_block: z.number().int().min(0).default(0),
  recycle_per_block: amount.prefault(0),
  recycle_noise: amount.prefault(0),
  initial_reward: amount.prefault(1),
  cap: amount.prefault(21_000_000),
  halving_interval_blocks: z.number().int().min(1).default(FOUR_YEARS_BLOCKS),
  block_time_seconds: z.number().positive().default(12),
  horizon_blocks: z.number().int().min(1).default(4 * FOUR_YEARS_BLOCKS),
});

type EmissionConfig = z.output<typeof config>;

export const EMISSION_METRICS = [
  'first_halving_block',
  'first_halving_years',
  'issuance_at_first_halving_rao',
  'reward_after_first_halving_rao',
  'halvings_within_horizon',
  'recycle_per_block_rao',
] as const;

function problemsOf(raw: Record<string, unknown>): { problems: string[]; cfg?: EmissionConfig } {
  const r = config.safeParse(raw);
  if (!r.success) {
    return {
      problems: r.error.issues.map((i) =>
        i.code === 'unrecognized_keys'
          ? `unknown field(s) ${i.keys.join(', ')}: the emission runner takes ${Object.keys(config.shape).join(', ')}`
          : `${i.path.join('.') || '(config)'}: ${i.message}`,
      ),
    };
  }
  const cfg = r.data;
  const problems: string[] = [];
  if (cfg.initial_reward === 0n) problems.push('initial_reward: must be above 0');
  if (cfg.cap === 0n) problems.push('cap: must be above 0');
  if (cfg.start_issuance > cfg.cap) problems.push('start_issuance: is above cap: give an issuance at or below the cap');
  return problems.length > 0 ? { problems } : { problems, cfg };
}

/** recycle_per_block plus a uniform offset in [-noise, noise] from the run seed, at least 0. */
export function recycleForRun(cfg: EmissionConfig, seed: number): bigint {
  if (cfg.recycle_noise === 0n) return cfg.recycle_per_block;
  const u = seedrandom(String(seed)).double();
  const offset = BigInt(Math.round((2 * u - 1) * Number(cfg.recycle_noise)));
  const r = cfg.recycle_per_block + offset;
  return r < 0n ? 0n : r;
}

export function emissionMetrics(cfg: EmissionConfig, seed: number): Record<string, MetricValue> {
  const spec = makeSchedule(cfg.schedule as 'chain' | 'time', {
    initialRewardRao: cfg.initial_reward,
    capRao: cfg.cap,
    blockTimeSeconds: cfg.block_time_seconds,
    halvingIntervalBlocks: cfg.halving_interval_blocks,
  });
  const recycle = recycleForRun(cfg, seed);
  const rows = projectHalvings(
    spec,
    { issuanceRao: cfg.start_issuance, block: cfg.start_block, dateMs: 0 },
    { perBlockRao: recycle, events: [] },
  );
  const first = rows.find((r) => r.event === 'halving');
  const end = cfg.start_block + cfg.horizon_blocks;
  return {
    first_halving_block: first ? first.block : NaN,
    first_halving_years: first ? ((first.block - cfg.start_block) * cfg.block_time_seconds) / SECONDS_PER_YEAR : NaN,
    issuance_at_first_halving_rao: first ? first.issuanceRao : NaN,
    reward_after_first_halving_rao: first ? first.rewardRao : NaN,
    halvings_within_horizon: rows.filter((r) => r.event === 'halving' && r.block <= end).length,
    recycle_per_block_rao: recycle,
  };
}

export const runner: SweepRunner = {
  name: 'emission',
  metrics: EMISSION_METRICS,
  loadBase(path) {
    const data: unknown = YAML.parse(readFileSync(path, 'utf8'));
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new Error(`${path}: an emission base must be a mapping of fields`);
    }
    return data as Record<string, unknown>;
  },
  validate(raw) {
    return problemsOf(raw).problems;
  },
  run(raw, seed) {
    const { problems, cfg } = problemsOf(raw);
    if (!cfg) throw new Error(problems.join('; '));
    return emissionMetrics(cfg, seed);
  },
};
