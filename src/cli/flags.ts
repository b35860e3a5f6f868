/** Flag parsers shared by the commands: each refuses bad input with one line naming the flag. */
import { AmountError, parseAmountRao } from '../money/index.ts';
import { CliError } from './io.ts';

export function amountFlag(flag: string, text: string): bigint {
  try {
    return parseAmountRao(text);
  } catch (e) {
    if (e instanceof AmountError) throw new CliError(`--${flag}: ${e.message}`);
    throw e;
  }
}

export function integerFlag(flag: string, text: string, min: number): number {
  const s = String(text).trim();
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s)) || Number(s) < min) {
    throw new CliError(`--${flag}: '${text}' is not allowed: give a whole number >= ${min}`);
  }
  return Number(s);
}

export function choiceFlag<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new CliError(`--${flag}: '${text}' is not allowed: use one of ${allowed.join(', ')}`);
  }
  return text as T;
}

export function numberFlag(flag: string, text: string, min: number, max: number): number {
  const s = String(text).trim();
  const v = Number(s);
  if (s === '' || !Number.isFinite(v) || v < min || v > max) {
    throw new CliError(`--${flag}: '${text}' is not allowed: give a number from ${min} to ${max}`);
  }
  return v;
}
