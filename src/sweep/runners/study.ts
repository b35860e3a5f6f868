/**
 * The `study` runner: one major stake of the consensus-guarantee study (src/study) per run, so a
 * sweep can vary what the chain's study fixed (validator count, network size, stake spread,
 * epochs of bond build-up, Yuma variant, ...). The run seed seeds the draws. See docs/study.md.
 *
 * Config: major_stake, sigma, stake_sd, bonds_penalty, kappa, variant, epochs, validators,
 * network, grid (points per weight axis), probe_major_weight (on the grid).
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { gridWeight, runSingleStudy, uniformFromSeed, type SingleStudyConfig } from '../../study/index.ts';
import { YUMA_VARIANTS } from '../../yuma/index.ts';
import type { MetricValue, SweepRunner } from '../runner.ts';

const config = z.strictObject({
  major_stake: z.number().gt(0).lt(1).default(0.6),
  sigma: z.number().min(0).max(10).default(0.4),
  stake_sd: z.number().min(0).max(10).default(0.3),
  bonds_penalty: z.number().min(0).max(1).default(1),
  kappa: z.number().min(0).max(1).default(0.5),
  variant: z.enum(YUMA_VARIANTS as unknown as [string, ...string[]]).default('classic'),
  epochs: z.number().int().min(1).max(1000).default(1),
  validators: z.number().int().min(2).default(64),
  network: z.number().int().min(4).max(4096).default(512),
  grid: z.number().int().min(2).max(201).default(21),
  probe_major_weight: z.number().min(0).max(1).default(0.7),
});

export const STUDY_METRICS = [
  'retention_major_weight',
  'retention_major_weight_interp',
  'worst_minor_weight',
  'probe_worst_ratio',
  'probe_worst_minor_weight',
] as const;

function parse(raw: Record<string, unknown>): { problems: string[]; cfg?: SingleStudyConfig } {
  const r = config.safeParse(raw);
  if (!r.success) {
    return {
      problems: r.error.issues.map((i) =>
        i.code === 'unrecognized_keys'
          ? `unknown field(s) ${i.keys.join(', ')}: the study runner takes ${Object.keys(config.shape).join(', ')}`
          : `${i.path.join('.') || '(config)'}: ${i.message}`,
      ),
    };
  }
  const c = r.data;
  const problems: string[] = [];
  if (c.network - c.validators < 2) problems.push(`validators: ${c.validators} of ${c.network} uids leaves fewer than 2 servers`);
  const onGrid = Array.from({ length: c.grid }, (_, i) => gridWeight(c.grid, i)).some((w) => Math.abs(w - c.probe_major_weight) < 1e-9);
  if (!onGrid) problems.push(`probe_major_weight: ${c.probe_major_weight} is not on the grid of ${c.grid} points: pick a multiple of 1/${c.grid - 1}`);
  if (problems.length > 0) return { problems };
  return {
    problems,
    cfg: {
      majorStake: c.major_stake,
      sigma: c.sigma,
      stakeSd: c.stake_sd,
      bondsPenalty: c.bonds_penalty,
      kappa: c.kappa,
      variant: c.variant as SingleStudyConfig['variant'],
      epochs: c.epochs,
      validators: c.validators,
      network: c.network,
      grid: c.grid,
      probeMajorWeight: c.probe_major_weight,
    },
  };
}

export const runner: SweepRunner = {
  name: 'study',
  metrics: STUDY_METRICS,
  loadBase(path) {
    const data: unknown = YAML.parse(readFileSync(path, 'utf8'));
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${path}: a study base must be a mapping of fields`);
    return data as Record<string, unknown>;
  },
  validate: (raw) => parse(raw).problems,
  run(raw, seed): Record<string, MetricValue> {
    const { problems, cfg } = parse(raw);
    if (!cfg) throw new Error(problems.join('; '));
    const r = runSingleStudy(cfg, uniformFromSeed(seed));
    return {
      retention_major_weight: r.majorWeight,
      retention_major_weight_interp: r.majorWeightInterp,
      worst_minor_weight: r.worstMinorWeight,
      probe_worst_ratio: r.probeWorstRatio,
      probe_worst_minor_weight: r.probeWorstMinorWeight,
    };
  },
};
