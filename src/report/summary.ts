/** summary.json of a run (OUTPUT-FORMATS.md), validated; amounts in rao may be strings or integers. */
import { z } from 'zod';
import { ReportInputError } from './csv.ts';

/** A rao amount: a decimal integer string (how bigints are written) or a safe JS integer. */
const raoAmount = z.union([
  z.string().regex(/^-?\d+$/, 'a whole number of rao as a decimal string'),
  z.number().int().refine((x) => Number.isSafeInteger(x), 'a whole number below 2^53'),
]).transform((v) => BigInt(v));

const share = z.number().nullable();

export const summarySchema = z.object({
  taosim_version: z.string(),
  scenario_name: z.string(),
  seed: z.union([z.number().int(), z.string()]),
  blocks: z.number().int().nonnegative(),
  start_block: z.number().int().nonnegative(),
  end_block: z.number().int().nonnegative(),
  totals: z.looseObject({
    minted_rao: raoAmount,
    recycled_rao: raoAmount,
    issuance_start_rao: raoAmount,
    issuance_end_rao: raoAmount,
  }),
  conservation: z.object({
    ok: z.boolean(),
    checked_blocks: z.number().int().nonnegative(),
    first_failure: z.unknown().nullable(),
  }),
  halvings: z.array(z.object({ index: z.number().int(), block: z.number().int(), issuance_rao: raoAmount })),
  gaming: z.looseObject({
    cabal_reward_share: share,
    cabal_stake_share: share,
    gini_rewards: share,
    validator_trust_by_kind: z.record(z.string(), z.number().nullable()),
  }),
});

export type RunSummary = z.output<typeof summarySchema>;

/** Parses summary.json text; a bad field is reported as one line with its path. */
export function parseSummary(text: string, file: string): RunSummary {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ReportInputError(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = summarySchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new ReportInputError(`${file}: field ${path}: ${issue.message}`);
  }
  if (r.data.end_block < r.data.start_block) {
    throw new ReportInputError(`${file}: field end_block: ${r.data.end_block} is before start_block ${r.data.start_block}`);
  }
  return r.data;
}
