/**
 * The epoch snapshot (../../shared spec `taosim.epoch-snapshot/1`): parse and validate a JSON or
 * YAML text, refusing anything malformed with a message naming the field, and turn it into the
 * kernel's typed arrays.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { YumaParams } from './params.ts';
import type { YumaEpochInput } from './workspace.ts';

export const SNAPSHOT_FORMAT = 'taosim.epoch-snapshot/1';

/** A malformed snapshot: `field` is the path of the offending value, e.g. `neurons.stake[3]`. */
export class SnapshotError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(field === '' ? reason : `field ${field}: ${reason}`);
    this.name = 'SnapshotError';
  }
}

const blockNumber = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const u16 = z.number().int().min(0).max(65535);
/** Integer rao: a safe-integer JSON number or a decimal string (needed above 2^53 - 1). */
const rao = z.union([
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^\d+$/, 'give whole rao as digits, e.g. "123000000000"'),
]);

const hyperparametersSchema = z.strictObject({
  kappa: u16,
  bonds_penalty: u16,
  bonds_moving_average: z.number().int().min(0).max(1_000_000),
  activity_cutoff: blockNumber,
  max_allowed_validators: u16,
  stake_threshold: rao,
  yuma3: z.boolean(),
  liquid_alpha: z.boolean(),
  alpha_low: u16.optional(),
  alpha_high: u16.optional(),
  alpha_sigmoid_steepness: z.number().int().min(-32768).max(32767).optional(),
});

const snapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  block: blockNumber,
  tempo: u16,
  last_epoch_block: blockNumber.optional(),
  emission: rao,
  owner_uid: u16.nullable().optional(),
  hyperparameters: hyperparametersSchema,
  neurons: z.strictObject({
    stake: z.array(rao),
    last_update: z.array(blockNumber),
    block_at_registration: z.array(blockNumber),
    validator_permit: z.array(z.boolean()),
  }),
  weights: z.array(z.tuple([u16, u16, z.number().min(0).max(Number.MAX_VALUE)])),
  bonds: z.array(z.tuple([u16, u16, z.number().min(0).max(1)])),
});

type RawSnapshot = z.infer<typeof snapshotSchema>;

/** A validated snapshot, amounts as bigint rao. */
export interface EpochSnapshot {
  readonly n: number;
  readonly block: number;
  readonly tempo: number;
  readonly lastEpochBlock: number;
  readonly emissionRao: bigint;
  readonly ownerUid: number | null;
  readonly params: YumaParams;
  readonly stakeRao: readonly bigint[];
  readonly lastUpdate: readonly number[];
  readonly blockAtRegistration: readonly number[];
  readonly validatorPermit: readonly boolean[];
  readonly weights: readonly (readonly [number, number, number])[];
  readonly bonds: readonly (readonly [number, number, number])[];
}

function pathOf(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s === '' ? String(k) : `.${String(k)}`;
  return s;
}

/** Parses JSON (or YAML, when the text is not JSON) and validates it as a snapshot. */
export function parseEpochSnapshot(text: string): EpochSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    try {
      data = parseYaml(text);
    } catch (e) {
      throw new SnapshotError('', `not JSON or YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  return validateEpochSnapshot(data);
}

/** Validates an already parsed value as a snapshot. */
export function validateEpochSnapshot(data: unknown): EpochSnapshot {
  const parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const present = valueAt(data, issue.path);
    const got = present.found ? ` (got ${JSON.stringify(present.value)?.slice(0, 40)})` : '';
    let reason = `${issue.message}${got}`;
    if (issue.code === 'unrecognized_keys') {
      reason = `unknown field ${issue.keys.map((k) => `'${k}'`).join(', ')}: remove it (see the snapshot spec)`;
    } else if (!present.found) {
      reason = 'is required';
    } else if (issue.code === 'too_small' || issue.code === 'too_big') {
      reason = `${issue.message.replace(/^Too (small|big): expected (number|string|array) to (be|have) /, 'must be ')}${got}`;
    } else if (issue.code === 'invalid_type' && issue.expected === 'int') {
      reason = `must be a whole number${got}`;
    }
    throw new SnapshotError(pathOf(issue.path), reason);
  }
  return checkConsistency(parsed.data);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let cur: unknown = data;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !(k in (cur as object))) return { found: false };
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return { found: cur !== undefined, value: cur };
}

function checkConsistency(raw: RawSnapshot): EpochSnapshot {
  const nr = raw.neurons;
  const n = nr.stake.length;
  for (const [name, arr] of [
    ['last_update', nr.last_update],
    ['block_at_registration', nr.block_at_registration],
    ['validator_permit', nr.validator_permit],
  ] as const) {
    if (arr.length !== n) {
      throw new SnapshotError(`neurons.${name}`, `has ${arr.length} entries but neurons.stake has ${n}: give one per uid`);
    }
  }
  if (n > 65536) throw new SnapshotError('neurons.stake', `has ${n} entries: at most 65536 uids`);
  const h = raw.hyperparameters;
  if (h.yuma3 && h.liquid_alpha) {
    for (const key of ['alpha_low', 'alpha_high', 'alpha_sigmoid_steepness'] as const) {
      if (h[key] === undefined) throw new SnapshotError(`hyperparameters.${key}`, 'is required when yuma3 and liquid_alpha are on');
    }
  }
  const alphaLow = h.alpha_low ?? 45875;
  const alphaHigh = h.alpha_high ?? 58982;
  if (alphaLow > alphaHigh) {
    throw new SnapshotError('hyperparameters.alpha_low', `${alphaLow} is above alpha_high ${alphaHigh}: give alpha_low <= alpha_high`);
  }
  if (raw.owner_uid !== undefined && raw.owner_uid !== null && raw.owner_uid >= n) {
    throw new SnapshotError('owner_uid', `${raw.owner_uid} is not a uid: give a number below ${n} or null`);
  }
  checkSparse('weights', raw.weights, n);
  checkSparse('bonds', raw.bonds, n);
  const threshold = BigInt(h.stake_threshold);
  return {
    n,
    block: raw.block,
    tempo: raw.tempo,
    lastEpochBlock: raw.last_epoch_block ?? 0,
    emissionRao: BigInt(raw.emission),
    ownerUid: raw.owner_uid ?? null,
    params: {
      kappaU16: h.kappa,
      bondsPenaltyU16: h.bonds_penalty,
      bondsMovingAverage: h.bonds_moving_average,
      activityCutoff: h.activity_cutoff,
      maxAllowedValidators: h.max_allowed_validators,
      stakeThresholdRao: Number(threshold),
      variant: !h.yuma3 ? 'classic' : h.liquid_alpha ? 'yuma3-liquid' : 'yuma3',
      alphaLowU16: alphaLow,
      alphaHighU16: alphaHigh,
      alphaSigmoidSteepness: h.alpha_sigmoid_steepness ?? 1000,
    },
    stakeRao: nr.stake.map((s) => BigInt(s)),
    lastUpdate: nr.last_update,
    blockAtRegistration: nr.block_at_registration,
    validatorPermit: nr.validator_permit,
    weights: raw.weights,
    bonds: raw.bonds,
  };
}

function checkSparse(field: string, entries: readonly (readonly [number, number, number])[], n: number): void {
  const seen = new Set<number>();
  entries.forEach(([i, j], e) => {
    if (i >= n) throw new SnapshotError(`${field}[${e}][0]`, `uid ${i} is out of range: the snapshot has ${n} uids (0..${n - 1})`);
    if (j >= n) throw new SnapshotError(`${field}[${e}][1]`, `uid ${j} is out of range: the snapshot has ${n} uids (0..${n - 1})`);
    const key = i * 65536 + j;
    if (seen.has(key)) throw new SnapshotError(`${field}[${e}]`, `repeats the entry for (${i}, ${j}): give each pair once`);
    seen.add(key);
  });
}

/**
 * The kernel's input for a snapshot: rows are the uids that appear as a row of weights or bonds.
 * The stake threshold is applied here exactly on the integer stakes (so the kernel gets 0 for
 * stakes below it and a threshold of 0), since large rao amounts do not survive the float cast.
 */
export function snapshotToKernelInput(s: EpochSnapshot): { input: YumaEpochInput; params: YumaParams } {
  const n = s.n;
  const threshold = BigInt(s.params.stakeThresholdRao);
  const rowSet = new Set<number>();
  for (const [i] of s.weights) rowSet.add(i);
  for (const [i] of s.bonds) rowSet.add(i);
  const rowUid = Int32Array.from([...rowSet].sort((a, b) => a - b));
  const rows = rowUid.length;
  const rowOf = new Map<number, number>();
  rowUid.forEach((u, r) => rowOf.set(u, r));
  const weights = new Float64Array(rows * n);
  const bonds = new Float64Array(rows * n);
  for (const [i, j, w] of s.weights) weights[rowOf.get(i)! * n + j] = w;
  for (const [i, j, b] of s.bonds) bonds[rowOf.get(i)! * n + j] = b;
  return {
    input: {
      n,
      block: s.block,
      tempo: s.tempo,
      lastEpochBlock: s.lastEpochBlock,
      emissionRao: Number(s.emissionRao),
      stakeRao: Float64Array.from(s.stakeRao, (v) => (v < threshold ? 0 : Number(v))),
      lastUpdate: Float64Array.from(s.lastUpdate),
      blockAtRegistration: Float64Array.from(s.blockAtRegistration),
      validatorPermit: Uint8Array.from(s.validatorPermit, (b) => (b ? 1 : 0)),
      rows,
      rowUid,
      weights,
      bonds,
    },
    params: { ...s.params, stakeThresholdRao: 0 },
  };
}
