/**
 * Runs a snapshot through the kernel (one or K chained epochs) and shapes the result as the
 * snapshot spec's output: per-uid arrays, integer rao emissions, sparse bonds.
 */
import { shareToRao } from './emission.ts';
import { runYumaEpoch } from './kernel.ts';
import { resolveYumaParams, U16_MAX } from './params.ts';
import { snapshotToKernelInput, type EpochSnapshot } from './snapshot.ts';
import { BONDS_UNCHANGED, createYumaEpochResult, createYumaWorkspace } from './workspace.ts';

export interface EpochReport {
  stake: number[];
  active: boolean[];
  validator_permit: boolean[];
  consensus: number[];
  validator_trust: number[];
  incentive: number[];
  dividends: number[];
  server_emission: bigint[];
  validator_emission: bigint[];
  /** [i, j, b] with b > 0, rows in uid order */
  bonds: [number, number, number][];
}

/** The chain's storage of a bond proportion: floor(b * 65535) as u16, read back as u16 / 65535. */
export function quantizeBondU16(b: number): number {
  const q = Math.floor(b * U16_MAX);
  return (q < 0 ? 0 : q > U16_MAX ? U16_MAX : q) / U16_MAX;
}

/**
 * Runs `epochs` consecutive epochs on the snapshot's weights: after each, the stored bonds
 * (quantized to u16 as the chain stores them) and the new permits become the next epoch's
 * bonds and permits; block, last updates and registrations stay as given. Returns the last.
 */
export function runSnapshotEpochs(s: EpochSnapshot, epochs = 1): EpochReport {
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError('YUMA_BAD_EPOCHS');
  const { input, params } = snapshotToKernelInput(s);
  const p = resolveYumaParams(params);
  const ws = createYumaWorkspace(input.n, input.rows);
  const out = createYumaEpochResult(input.n, input.rows);
  for (let e = 0; e < epochs; e++) {
    runYumaEpoch(input, p, ws, out);
    if (e + 1 < epochs) {
      for (let x = 0; x < input.rows * input.n; x++) {
        input.bonds[x] = out.bondsRowAction[Math.floor(x / input.n)] === BONDS_UNCHANGED ? input.bonds[x] : quantizeBondU16(out.bonds[x]);
      }
      input.validatorPermit.set(out.validatorPermit);
    }
  }
  const n = input.n;
  const bonds: [number, number, number][] = [];
  for (let r = 0; r < input.rows; r++) {
    for (let j = 0; j < n; j++) {
      const b = out.bonds[r * n + j];
      if (b > 0) bonds.push([input.rowUid[r], j, b]);
    }
  }
  return {
    stake: Array.from(out.stake),
    active: Array.from(out.active, (a) => a === 1),
    validator_permit: Array.from(out.validatorPermit, (a) => a === 1),
    consensus: Array.from(out.consensus),
    validator_trust: Array.from(out.validatorTrust),
    incentive: Array.from(out.incentive),
    dividends: Array.from(out.dividends),
    server_emission: Array.from(out.serverShare, (x) => shareToRao(x, s.emissionRao)),
    validator_emission: Array.from(out.validatorShare, (x) => shareToRao(x, s.emissionRao)),
    bonds,
  };
}

const bigintOut = (v: bigint): number | string => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString());

/** The spec's JSON output (emissions as numbers, or decimal strings above 2^53 - 1). */
export function epochReportJson(r: EpochReport): string {
  return (
    JSON.stringify(
      {
        ...r,
        server_emission: r.server_emission.map(bigintOut),
        validator_emission: r.validator_emission.map(bigintOut),
      },
      null,
      2,
    ) + '\n'
  );
}

/** Columns of `--format csv`, one row per uid (bonds are not per uid and are left out). */
export const EPOCH_CSV_COLUMNS = [
  'uid',
  'stake',
  'active',
  'validator_permit',
  'consensus',
  'validator_trust',
  'incentive',
  'dividends',
  'server_emission',
  'validator_emission',
] as const;

export function epochReportRows(r: EpochReport): (string | number)[][] {
  return r.stake.map((_, i) => [
    i,
    r.stake[i],
    r.active[i] ? 'true' : 'false',
    r.validator_permit[i] ? 'true' : 'false',
    r.consensus[i],
    r.validator_trust[i],
    r.incentive[i],
    r.dividends[i],
    r.server_emission[i].toString(),
    r.validator_emission[i].toString(),
  ]);
}
