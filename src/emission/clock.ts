/**
 * The per-block issuance clock used by the simulator's hot loop. Issuance is exact (a bigint
 * base plus a float64 offset that stays an exact integer below 2^52), and the regime (reward,
 * its issuance bounds, its last block) is re-derived only when the offset leaves the regime,
 * so a block costs a few float additions and comparisons and allocates nothing.
 */
import { regimeAt, type ScheduleSpec } from './schedule.ts';

const OFFSET_LIMIT = 2 ** 52;

export interface IssuanceClock {
  spec: ScheduleSpec;
  /** The next block to mint. */
  block: number;
  baseRao: bigint;
  /** Issuance = baseRao + offsetRao; offsetRao is an integer in (-2^52, 2^52). */
  offsetRao: number;
  rewardRao: number;
  /** The regime holds while lowOffset <= offsetRao < highOffset and block < blockEnd. */
  lowOffset: number;
  highOffset: number;
  blockEnd: number;
  mintedRao: bigint;
  recycledRao: bigint;
  /** Minted and recycled since the last rebase (exact: each below 2^53 between rebases). */
  mintedPending: number;
  recycledPending: number;
}

function clampOffset(x: bigint): number {
  if (x > BigInt(OFFSET_LIMIT)) return OFFSET_LIMIT;
  if (x < -BigInt(OFFSET_LIMIT)) return -OFFSET_LIMIT;
  return Number(x);
}

function rebase(c: IssuanceClock): void {
  const issuance = c.baseRao + BigInt(c.offsetRao);
  if (issuance < 0n) throw new RangeError('RECYCLE_EXCEEDS_ISSUANCE');
  c.baseRao = issuance;
  c.mintedRao += BigInt(c.mintedPending);
  c.recycledRao += BigInt(c.recycledPending);
  c.offsetRao = 0;
  c.mintedPending = 0;
  c.recycledPending = 0;
  const reg = regimeAt(c.spec, c.baseRao, c.block);
  c.rewardRao = Number(reg.rewardRao);
  c.lowOffset = clampOffset(reg.lowRao - c.baseRao);
  c.highOffset = clampOffset(reg.highRao - c.baseRao);
  c.blockEnd = reg.blockEnd;
}

export function createIssuanceClock(spec: ScheduleSpec, issuanceRao: bigint, block: number): IssuanceClock {
  if (issuanceRao < 0n) throw new RangeError('NEGATIVE_ISSUANCE');
  const c: IssuanceClock = {
    spec,
    block,
    baseRao: issuanceRao,
    offsetRao: 0,
    rewardRao: 0,
    lowOffset: 0,
    highOffset: 0,
    blockEnd: 0,
    mintedRao: 0n,
    recycledRao: 0n,
    mintedPending: 0,
    recycledPending: 0,
  };
  rebase(c);
  return c;
}

function leftRegime(c: IssuanceClock): boolean {
  return (
    c.offsetRao >= c.highOffset ||
    c.offsetRao < c.lowOffset ||
    c.block >= c.blockEnd ||
    c.mintedPending >= OFFSET_LIMIT ||
    c.recycledPending >= OFFSET_LIMIT
  );
}

/** Mints this block's reward; returns it (rao, exact in a float64 since it is at most 1e9-ish). */
export function mintBlock(c: IssuanceClock): number {
  const r = c.rewardRao;
  c.offsetRao += r;
  c.mintedPending += r;
  c.block++;
  if (leftRegime(c)) rebase(c);
  return r;
}

/** Takes TAO out of issuance (the chain's recycle); this delays the next halving. */
export function recycleRao(c: IssuanceClock, amountRao: number): void {
  if (!(amountRao >= 0) || !Number.isInteger(amountRao)) throw new RangeError('RECYCLE_NOT_A_RAO_AMOUNT');
  c.offsetRao -= amountRao;
  c.recycledPending += amountRao;
  if (leftRegime(c)) rebase(c);
}

export function issuanceOf(c: IssuanceClock): bigint {
  return c.baseRao + BigInt(c.offsetRao);
}

export function totalMinted(c: IssuanceClock): bigint {
  return c.mintedRao + BigInt(c.mintedPending);
}

export function totalRecycled(c: IssuanceClock): bigint {
  return c.recycledRao + BigInt(c.recycledPending);
}
