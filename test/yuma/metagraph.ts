/**
 * Random metagraphs for tests and the bench: one seed expands (seedrandom) into a subnet in both
 * layouts, the naive reference's dense number[][] and the kernel's compact rows.
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { YUMA_VARIANTS, type YumaEpochInput, type YumaParams, type YumaVariant } from '../../src/yuma/index.ts';
import type { NaiveInput, NaiveParams } from './naive.ts';

export interface MetagraphShape {
  n: number;
  seed: number;
  /** Fraction of (validator, uid) pairs with a weight. */
  density: number;
  /** How many uids hold a permit and set weights (the rest only mine). */
  validators: number;
  variant: YumaVariant;
  /** Regimes forced on top of the random draw. */
  zeroStakeFraction?: number;
  allInactive?: boolean;
  allPermitsLost?: boolean;
  /** Kernel rows: only uids with weights or bonds ('compact') or every uid ('dense'). */
  layout?: 'compact' | 'dense';
  /** Draw weights from a few values so the median meets ties. */
  tiedWeights?: boolean;
}

export interface Metagraph {
  params: YumaParams;
  naiveParams: NaiveParams;
  naive: NaiveInput;
  kernel: YumaEpochInput;
}

export function randomMetagraph(shape: MetagraphShape): Metagraph {
  const rng = seedrandom(String(shape.seed));
  const { n } = shape;
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const block = int(1000, 20000);
  const tempo = pick([1, 99, 360]);
  const params: YumaParams = {
    kappaU16: pick([32767, 0, 65535, int(0, 65535)]),
    bondsPenaltyU16: pick([0, 65535, int(0, 65535)]),
    bondsMovingAverage: pick([900_000, 975_000, 0, 1_000_000, int(0, 1_000_000)]),
    activityCutoff: pick([5000, 100, int(0, 10000)]),
    maxAllowedValidators: pick([64, 0, 1, int(0, n + 5)]),
    stakeThresholdRao: pick([0, 0, int(0, 2_000_000_000)]),
    variant: shape.variant,
    alphaLowU16: int(1638, 30000),
    alphaHighU16: int(30000, 65535),
    alphaSigmoidSteepness: pick([1000, 10, -500, int(-32768, 32767)]),
  };
  const validators = new Set<number>();
  while (validators.size < Math.min(shape.validators, n)) validators.add(int(0, n - 1));
  const zeroFrac = shape.zeroStakeFraction ?? 0.1;
  const stake = Array.from({ length: n }, () => (rng() < zeroFrac ? 0 : pick([1e9, int(1, 1e12), int(1, 1e15)])));
  const lastUpdate = Array.from({ length: n }, () =>
    shape.allInactive ? int(0, Math.max(0, block - params.activityCutoff - 1)) : int(Math.max(0, block - 6000), block),
  );
  const blockAtRegistration = Array.from({ length: n }, () => pick([0, int(0, block), int(block - 400, block)]));
  const validatorPermit = Array.from({ length: n }, (_, i) => !shape.allPermitsLost && (validators.has(i) || rng() < 0.02));
  const weights = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const bonds = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const i of validators) {
    for (let j = 0; j < n; j++) {
      if (rng() < shape.density) weights[i][j] = shape.tiedWeights ? pick([1, 65535, 32767]) : int(0, 65535);
      if (rng() < shape.density * 0.8) bonds[i][j] = int(0, 65535) / 65535;
    }
  }
  // A few non-validators with stale bonds or weights, as the chain may hold them.
  if (n > 2 && rng() < 0.5) {
    const i = int(0, n - 1);
    bonds[i][int(0, n - 1)] = int(1, 65535) / 65535;
    weights[i][int(0, n - 1)] = int(1, 65535);
  }
  const lastEpochBlock = pick([0, block - tempo - 1]);
  const emissionRao = pick([1e9, int(0, 1e12), 2 ** 53 - 1, 0]);

  const dense = shape.layout === 'dense';
  const rowUid: number[] = [];
  for (let i = 0; i < n; i++) {
    if (dense || weights[i].some((w) => w !== 0) || bonds[i].some((b) => b !== 0)) rowUid.push(i);
  }
  const rows = rowUid.length;
  const kw = new Float64Array(rows * n);
  const kb = new Float64Array(rows * n);
  rowUid.forEach((u, r) => {
    for (let j = 0; j < n; j++) {
      kw[r * n + j] = weights[u][j];
      kb[r * n + j] = bonds[u][j];
    }
  });
  return {
    params,
    naiveParams: {
      ...params,
      yuma3: params.variant !== 'classic',
      liquidAlpha: params.variant === 'yuma3-liquid',
    },
    naive: { block, tempo, lastEpochBlock, emissionRao, stake, lastUpdate, blockAtRegistration, validatorPermit, weights, bonds },
    kernel: {
      n,
      block,
      tempo,
      lastEpochBlock,
      emissionRao,
      stakeRao: Float64Array.from(stake),
      lastUpdate: Float64Array.from(lastUpdate),
      blockAtRegistration: Float64Array.from(blockAtRegistration),
      validatorPermit: Uint8Array.from(validatorPermit, (b) => (b ? 1 : 0)),
      rows,
      rowUid: Int32Array.from(rowUid),
      weights: kw,
      bonds: kb,
    },
  };
}

/**
 * The fast-check fields of a metagraph shape that the kernel's bit-for-bit properties share (n
 * and validators up to the given bounds, every variant and layout); each test adds its own.
 */
export function shapeFields(maxN: number, maxValidators: number) {
  return {
    n: fc.integer({ min: 1, max: maxN }),
    seed: fc.integer(),
    density: fc.constantFrom(0.05, 0.3, 1),
    validators: fc.integer({ min: 1, max: maxValidators }),
    variant: fc.constantFrom(...YUMA_VARIANTS),
    layout: fc.constantFrom('compact' as const, 'dense' as const),
  };
}
