/**
 * One major stake's retention from one draw: the unit a sweep run computes (src/sweep/runners/
 * study.ts). Same sampler, epochs and retention search as the study grid.
 */
import type { Uniform } from '../sweep/index.ts';
import { createStudyEpochContext, runStudyPoint, type StudyParams, type StudyPoint } from './epoch.ts';
import { gridWeight } from './grid.ts';
import { retentionThreshold, worstCase, type Retention } from './retention.ts';
import { sampleStudyDraws, studyGraph } from './sampler.ts';

export interface SingleStudyConfig extends StudyParams {
  readonly majorStake: number;
  readonly sigma: number;
  readonly stakeSd: number;
  readonly validators: number;
  readonly network: number;
  readonly grid: number;
  /** W_H at which the worst major ratio over W_C is reported (must lie on the grid). */
  readonly probeMajorWeight: number;
}

export interface SingleStudyResult extends Retention {
  /** min over W_C of the major ratio at W_H = probeMajorWeight. */
  probeWorstRatio: number;
  probeWorstMinorWeight: number;
}

export function runSingleStudy(c: SingleStudyConfig, rng: Uniform): SingleStudyResult {
  const ctx = createStudyEpochContext(c.network, c.validators, c);
  const draws = sampleStudyDraws(studyGraph(c.majorStake, c.validators, c.network), c.majorStake, c.stakeSd, c.sigma, rng);
  const g = c.grid;
  const w = Array.from({ length: g }, (_, i) => gridWeight(g, i));
  const ratios = new Float64Array(g * g);
  const point: StudyPoint = { majorRatio: 0, avgWeightDev: 0 };
  for (let i = 0; i < g; i++) for (let k = 0; k < g; k++) ratios[i * g + k] = runStudyPoint(ctx, draws, w[i], w[k], point).majorRatio;
  const probe = w.findIndex((x) => Math.abs(x - c.probeMajorWeight) < 1e-9);
  const worst = probe >= 0 ? worstCase(ratios, w, probe) : { ratio: NaN, minorWeight: NaN };
  return { ...retentionThreshold(ratios, w, c.majorStake), probeWorstRatio: worst.ratio, probeWorstMinorWeight: worst.minorWeight };
}
