/**
 * Scenario units: durations ("30d", "1y", or a block count) and amounts (TAO as a decimal,
 * or rao with the suffix `rao`). One place turns each into the engine's integers.
 */
import { AmountError, parseAmountRao } from '../money/index.ts';

export const SECONDS_PER_BLOCK_DEFAULT = 12;
/** Seconds in each duration unit; a year is 365 days (so "1y" is 2,628,000 blocks at 12 s). */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  b: 0, // blocks, handled apart
  s: 1,
  m: 60,
  h: 3_600,
  d: 86_400,
  w: 7 * 86_400,
  y: 365 * 86_400,
};

/** Blocks in a duration: a whole number of blocks, or `<n><unit>` with unit s|m|h|d|w|y|b. */
export function durationBlocks(value: number | string, blockTimeSeconds: number): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError('DURATION_NOT_POSITIVE_INTEGER');
    return value;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdwyb])\s*$/.exec(value);
  if (!m) {
    if (/^\s*\d+\s*$/.test(value)) return durationBlocks(Number(value), blockTimeSeconds);
    throw new RangeError('DURATION_FORMAT');
  }
  const n = Number(m[1]);
  const blocks = m[2] === 'b' ? n : (n * UNIT_SECONDS[m[2]]) / blockTimeSeconds;
  if (!Number.isInteger(blocks)) throw new RangeError('DURATION_NOT_WHOLE_BLOCKS');
  if (blocks < 1 || !Number.isSafeInteger(blocks)) throw new RangeError('DURATION_NOT_POSITIVE_INTEGER');
  return blocks;
}

/** An amount from a scenario file: number or string; returns rao, or an error message. */
export function amountRaoOrError(value: string | number): bigint | string {
  const text = typeof value === 'number' ? numberText(value) : value;
  if (text === null) return `${value} is not an amount: write TAO as a non-negative decimal (e.g. 1000 or "0.5") or rao as "123rao"`;
  try {
    return parseAmountRao(text);
  } catch (e) {
    if (e instanceof AmountError) return e.message;
    throw e;
  }
}

function numberText(v: number): string | null {
  if (!Number.isFinite(v) || v < 0) return null;
  const s = String(v);
  return /e/i.test(s) ? null : s;
}

/** The canonical text of a rao amount in a resolved scenario (re-readable exactly). */
export function raoText(rao: bigint): string {
  return `${rao}rao`;
}
