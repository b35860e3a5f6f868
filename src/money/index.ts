/**
 * Integer money. Balances are integer rao (1 TAO = 1e9 rao) or integer alpha units (also 1e9
 * per alpha). Totals pass 2^53, so anything that may be large is a `bigint`; conversions to
 * float64 are named (`raoToTao`) and happen only where the result is a proportion or a display.
 */
export const RAO_PER_TAO = 1_000_000_000n;
export const RAO_PER_TAO_NUM = 1_000_000_000;

/** floor(a * b / d) for non-negative bigints; throws 'DIVIDE_BY_ZERO' when d is 0. */
export function mulDivFloor(a: bigint, b: bigint, d: bigint): bigint {
  if (d === 0n) throw new Error('DIVIDE_BY_ZERO');
  return (a * b) / d;
}

/** ceil(a * b / d) for non-negative bigints; throws 'DIVIDE_BY_ZERO' when d is 0. */
export function mulDivCeil(a: bigint, b: bigint, d: bigint): bigint {
  if (d === 0n) throw new Error('DIVIDE_BY_ZERO');
  const p = a * b;
  const q = p / d;
  return q * d === p ? q : q + 1n;
}

/** The one conversion from integer rao to float TAO (for display and proportions only). */
export function raoToTao(rao: bigint): number {
  const whole = rao / RAO_PER_TAO;
  const frac = rao % RAO_PER_TAO;
  return Number(whole) + Number(frac) / RAO_PER_TAO_NUM;
}

/** "12.5" -> "12.500000000" style exact decimal TAO text for a rao amount. */
export function formatTao(rao: bigint): string {
  const neg = rao < 0n;
  const a = neg ? -rao : rao;
  const whole = a / RAO_PER_TAO;
  const frac = (a % RAO_PER_TAO).toString().padStart(9, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? '.' + frac : ''}`;
}

export class AmountError extends Error {}

/**
 * Parses a user-given amount: `123.5` or `123.5tao` is TAO (at most 9 decimals, exact),
 * `123500000000rao` is rao. Negative, non-numeric and over-precise values are refused.
 */
export function parseAmountRao(text: string): bigint {
  const s = String(text).trim().toLowerCase().replace(/_/g, '');
  let m = /^(\d+)rao$/.exec(s);
  if (m) return BigInt(m[1]);
  m = /^(\d+)(?:\.(\d*))?(?:tao)?$/.exec(s) ?? /^()\.(\d+)(?:tao)?$/.exec(s);
  if (!m) {
    throw new AmountError(
      `'${text}' is not an amount: write TAO as a non-negative decimal (123.5) or rao as an integer with the suffix rao (123500000000rao)`,
    );
  }
  const whole = m[1] === '' ? 0n : BigInt(m[1]);
  const fracText = m[2] ?? '';
  if (fracText.length > 9) {
    throw new AmountError(`'${text}' has more than 9 decimals: 1 rao = 0.000000001 TAO is the smallest unit`);
  }
  return whole * RAO_PER_TAO + BigInt(fracText.padEnd(9, '0') || '0');
}
