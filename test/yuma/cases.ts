/**
 * Runs the chain-conformance cases of test/fixtures/epoch/*.case.json: each step is a snapshot
 * file; a fed step takes its bonds (u16-quantized, as the chain stores them) and permits from an
 * earlier step's output, as the chain's state carries them from one epoch to the next.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'epoch');

export interface Check {
  kind: 'permit' | 'bond_u16' | 'bond' | 'dividend_u16' | 'dividend' | 'emission' | 'bonds_match_step';
  at?: number[];
  /** for bonds_match_step: the step whose bonds this step's bonds must equal within tol */
  step?: number;
  value?: number | boolean[];
  tol?: number;
}

export interface Step {
  label?: string;
  snapshot: string;
  feed: boolean;
  feed_from?: number;
  epochs?: number;
  drop_bond_columns?: number[];
  /** permits changed between epochs by the chain outside the epoch (e.g. a uid replaced on registration) */
  set_permits?: [number, boolean][];
  checks?: Check[];
}

export interface Case {
  test: string;
  source: string;
  notes: string;
  steps: Step[];
}

/** The spec's JSON output, as `taosim epoch --format json` prints it. */
export interface Report {
  stake: number[];
  active: boolean[];
  validator_permit: boolean[];
  consensus: number[];
  validator_trust: number[];
  incentive: number[];
  dividends: number[];
  server_emission: (number | string)[];
  validator_emission: (number | string)[];
  bonds: [number, number, number][];
}

export function loadCases(): { name: string; c: Case }[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.case.json'))
    .sort()
    .map((f) => ({ name: f.slice(0, -'.case.json'.length), c: JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as Case }));
}

/** The snapshot object of a step, with bonds and permits fed from `outputs` when the step asks. */
export function stepSnapshot(step: Step, index: number, outputs: Report[]): Record<string, unknown> {
  const snap = JSON.parse(readFileSync(join(FIXTURES, step.snapshot), 'utf8')) as Record<string, unknown>;
  if (step.feed) {
    const src = outputs[step.feed_from ?? index - 1];
    const drop = new Set(step.drop_bond_columns ?? []);
    snap.bonds = src.bonds
      .filter(([, j]) => !drop.has(j))
      .map(([i, j, b]) => [i, j, Math.floor(b * 65535) / 65535])
      .filter(([, , b]) => b > 0);
    const permits = src.validator_permit.slice();
    for (const [uid, v] of step.set_permits ?? []) permits[uid] = v;
    (snap.neurons as Record<string, unknown>).validator_permit = permits;
  }
  return snap;
}

const bondOf = (r: Report, i: number, j: number) => r.bonds.find(([a, b]) => a === i && b === j)?.[2] ?? 0;
const u16 = (x: number) => Math.floor(x * 65535);

/** The failures of a step's checks against a report (empty when all pass). */
export function failedChecks(step: Step, r: Report, earlier: Report[] = []): string[] {
  const failures: string[] = [];
  for (const ch of step.checks ?? []) {
    const at = ch.at ?? [];
    let got: number | boolean[];
    switch (ch.kind) {
      case 'bonds_match_step': {
        const other = earlier[ch.step ?? -1];
        const keys = new Set([...r.bonds, ...other.bonds].map(([i, j]) => `${i},${j}`));
        for (const key of keys) {
          const [i, j] = key.split(',').map(Number);
          const d = Math.abs(bondOf(r, i, j) - bondOf(other, i, j));
          if (!(d <= (ch.tol ?? 0))) failures.push(`bond[${key}] differs from step ${ch.step} by ${d} (tol ${ch.tol})`);
        }
        continue;
      }
      case 'permit':
        got = r.validator_permit;
        if (JSON.stringify(got) !== JSON.stringify(ch.value)) failures.push(`permit: got ${JSON.stringify(got)}, chain ${JSON.stringify(ch.value)}`);
        continue;
      case 'bond_u16':
        got = u16(bondOf(r, at[0], at[1]));
        break;
      case 'bond':
        got = u16(bondOf(r, at[0], at[1])) / 65535;
        break;
      case 'dividend_u16':
        got = u16(r.dividends[at[0]]);
        break;
      case 'dividend':
        got = u16(r.dividends[at[0]]) / 65535;
        break;
      case 'emission':
        got = Number(r.server_emission[at[0]]) + Number(r.validator_emission[at[0]]);
        break;
    }
    const diff = Math.abs((got as number) - (ch.value as number));
    if (!(diff <= (ch.tol ?? 0) + 1e-12)) failures.push(`${ch.kind}[${at.join(',')}]: got ${got}, chain ${ch.value as number} (tol ${ch.tol ?? 0})`);
  }
  return failures;
}
