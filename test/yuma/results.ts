/** Bit-for-bit comparison of two kernel results, for the tests that pin one path to another. */
import type { YumaEpochResult } from '../../src/yuma/index.ts';

type ArrayField = {
  [K in keyof YumaEpochResult]-?: YumaEpochResult[K] extends Float64Array | Uint8Array ? K : never;
}[keyof YumaEpochResult];

/** The outputs every such test compares (bonds and the per-row actions are added where they apply). */
export const EPOCH_FIELDS = ['stake', 'consensus', 'validatorTrust', 'incentive', 'dividends', 'serverShare', 'validatorShare',
  'serverEmissionRao', 'validatorEmissionRao'] as const satisfies readonly ArrayField[];

/** The first element of the given fields where a and b differ in bits (Object.is), or undefined. */
export function firstDifference(a: YumaEpochResult, b: YumaEpochResult, fields: readonly ArrayField[]): string | undefined {
  for (const f of fields) {
    const x = a[f];
    const y = b[f];
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${f}[${i}]: ${x[i]} != ${y[i]}`;
  }
  return undefined;
}

/** Throws, naming `what` and the first difference, unless a and b agree bit for bit on the fields. */
export function expectIdentical(a: YumaEpochResult, b: YumaEpochResult, what: string, fields: readonly ArrayField[]): void {
  const d = firstDifference(a, b, fields);
  if (d !== undefined) throw new Error(`${what}: ${d}`);
}
