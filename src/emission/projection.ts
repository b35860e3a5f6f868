/**
 * Halving projection without a per-block loop: from a start state, jump regime by regime
 * (constant reward, constant per-block recycling, no recycle event in between) to the block at
 * which each new era begins. `halvingsByBlockLoop` is the plain block loop it must agree with.
 *
 * Block semantics (the chain's coinbase): block b mints reward(issuance before b), then the
 * TAO recycled in block b (per-block amount plus any event at b) leaves issuance. Per-block
 * recycling takes at most what exists (issuance stops at 0); a recycle event larger than the
 * issuance is refused ('RECYCLE_EXCEEDS_ISSUANCE').
 */
import { regimeAt, timeEra, type ScheduleSpec } from './schedule.ts';

export interface IssuanceStart {
  readonly issuanceRao: bigint;
  readonly block: number;
  /** Unix milliseconds of `block`; dates of later blocks assume spec.blockTimeSeconds. */
  readonly dateMs: number;
}

export interface RecycleEvent {
  readonly block: number;
  readonly amountRao: bigint;
}

export interface Recycling {
  readonly perBlockRao: bigint;
  /** Sorted by block; several at one block add up. */
  readonly events: readonly RecycleEvent[];
}

export const NO_RECYCLING: Recycling = { perBlockRao: 0n, events: [] };

export interface HalvingRow {
  /** Chain: halvings since issuance 0; time: halvings since block 0. */
  readonly index: number;
  /** 'halving' when a new era begins; 'cap' when the cap is reached (time schedule). */
  readonly event: 'halving' | 'cap';
  /** Chain: the issuance threshold of this era; time: issuance at the halving block. */
  readonly thresholdRao: bigint;
  /** The first block minted at the new reward. */
  readonly block: number;
  /** Issuance before that block. */
  readonly issuanceRao: bigint;
  readonly dateMs: number;
  readonly rewardRao: bigint;
}

function eraOf(spec: ScheduleSpec, issuanceRao: bigint, block: number): number {
  return regimeAt(spec, issuanceRao, block).era;
}

function validateRecycling(rec: Recycling, startBlock: number): void {
  if (rec.perBlockRao < 0n) throw new RangeError('NEGATIVE_RECYCLE');
  let last = -Infinity;
  for (const e of rec.events) {
    if (e.amountRao < 0n) throw new RangeError('NEGATIVE_RECYCLE');
    if (e.block < last) throw new RangeError('RECYCLE_EVENTS_UNSORTED');
    if (e.block < startBlock) throw new RangeError('RECYCLE_EVENT_BEFORE_START');
    last = e.block;
  }
}

function row(
  spec: ScheduleSpec,
  start: IssuanceStart,
  event: 'halving' | 'cap',
  issuanceRao: bigint,
  block: number,
): HalvingRow {
  const reg = regimeAt(spec, issuanceRao, block);
  const index = spec.name === 'chain' ? reg.era : timeEra(block, spec);
  return {
    index,
    event,
    thresholdRao: spec.name === 'chain' && event === 'halving' ? reg.lowRao : issuanceRao,
    block,
    issuanceRao,
    dateMs: start.dateMs + (block - start.block) * spec.blockTimeSeconds * 1000,
    rewardRao: reg.rewardRao,
  };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/**
 * Each era change after the start, until the reward reaches 0 or the cap, or until no further
 * change can happen (recycling at least matches the reward and no recycle event is left).
 */
export function projectHalvings(
  spec: ScheduleSpec,
  start: IssuanceStart,
  recycling: Recycling = NO_RECYCLING,
  maxRows = 256,
): HalvingRow[] {
  validateRecycling(recycling, start.block);
  const rows: HalvingRow[] = [];
  let issuance = start.issuanceRao;
  let block = start.block;
  let maxEra = eraOf(spec, issuance, block);
  let ev = 0;
  const r = recycling.perBlockRao;
  for (let guard = 0; guard < 1_000_000 && rows.length < maxRows; guard++) {
    const reg = regimeAt(spec, issuance, block);
    if (issuance >= spec.capRao) break;
    const d = reg.rewardRao - r;
    const nextEvent = ev < recycling.events.length ? recycling.events[ev].block : Infinity;
    // Issuance that cannot grow, with no recycle event left, never reaches another era.
    if (d <= 0n && !Number.isFinite(nextEvent) && !Number.isFinite(reg.blockEnd)) break;
    // j blocks keep this regime while every block b..b+j-1 starts inside it.
    let j = Infinity;
    if (Number.isFinite(reg.blockEnd)) j = reg.blockEnd - block;
    if (d > 0n) j = Math.min(j, Number(ceilDiv(reg.highRao - issuance, d)));
    if (d < 0n && reg.lowRao > 0n) j = Math.min(j, Number(ceilDiv(issuance - reg.lowRao + 1n, -d)));
    // Per-block recycling cannot take more than exists: issuance stops at 0 and stays there.
    if (d < 0n && reg.lowRao === 0n && issuance > 0n) j = Math.min(j, Number(ceilDiv(issuance, -d)));
    if (Number.isFinite(nextEvent)) j = Math.min(j, nextEvent - block + 1);
    if (!Number.isFinite(j)) break; // nothing changes any more
    issuance += BigInt(j) * d;
    if (issuance < 0n) issuance = 0n;
    block += j;
    while (ev < recycling.events.length && recycling.events[ev].block === block - 1) {
      issuance -= recycling.events[ev].amountRao;
      ev++;
    }
    if (issuance < 0n) throw new RangeError('RECYCLE_EXCEEDS_ISSUANCE');
    const next = regimeAt(spec, issuance, block);
    if (next.era > maxEra && Number.isFinite(next.era)) {
      maxEra = next.era;
      rows.push(row(spec, start, 'halving', issuance, block));
      if (next.rewardRao === 0n) break;
    }
    if (issuance >= spec.capRao) {
      rows.push(row(spec, start, 'cap', issuance, block));
      break;
    }
  }
  return rows;
}

/** The same rows by stepping every block: only for tests and benchmarks on small cases. */
export function halvingsByBlockLoop(
  spec: ScheduleSpec,
  start: IssuanceStart,
  recycling: Recycling,
  maxBlocks: number,
): HalvingRow[] {
  validateRecycling(recycling, start.block);
  const rows: HalvingRow[] = [];
  let issuance = start.issuanceRao;
  let maxEra = eraOf(spec, issuance, start.block);
  let ev = 0;
  for (let b = start.block; b < start.block + maxBlocks; b++) {
    const before = issuance;
    if (before >= spec.capRao) break;
    issuance += regimeAt(spec, issuance, b).rewardRao;
    issuance -= issuance < recycling.perBlockRao ? issuance : recycling.perBlockRao;
    while (ev < recycling.events.length && recycling.events[ev].block === b) {
      issuance -= recycling.events[ev].amountRao;
      ev++;
    }
    if (issuance < 0n) throw new RangeError('RECYCLE_EXCEEDS_ISSUANCE');
    const era = eraOf(spec, issuance, b + 1);
    if (era > maxEra && Number.isFinite(era)) {
      maxEra = era;
      rows.push(row(spec, start, 'halving', issuance, b + 1));
      if (regimeAt(spec, issuance, b + 1).rewardRao === 0n) break;
    }
    if (issuance >= spec.capRao && before < spec.capRao) {
      rows.push(row(spec, start, 'cap', issuance, b + 1));
      break;
    }
  }
  return rows;
}
