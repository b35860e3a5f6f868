/**
 * bench/emission: how fast the chain's reward is computed (the bit-exact fixed-point
 * emulation, bigint) and how long the per-block IssuanceClock takes to step 10M blocks.
 */
import {
  chainBlockReward,
  createIssuanceClock,
  issuanceOf,
  makeSchedule,
  mintBlock,
  projectHalvings,
} from '../src/emission/index.ts';

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

// Rewards per second over issuance spread across all eras (a deterministic LCG, no Math.random).
const N = 300_000;
const inputs: bigint[] = [];
let x = 12345n;
for (let i = 0; i < N; i++) {
  x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
  inputs.push(x % 21_000_000_000_000_000n);
}
let sink = 0n;
for (let i = 0; i < 20_000; i++) sink += chainBlockReward(inputs[i]);
let t0 = process.hrtime.bigint();
for (let i = 0; i < N; i++) sink += chainBlockReward(inputs[i]);
const rewardSecs = seconds(t0);
console.log(`chainBlockReward: ${(N / rewardSecs).toFixed(0)} rewards/s (${N} random issuances, bigint fixed-point emulation)`);

// Block-by-block stepping with the simulator's clock, across the first halving.
const BLOCKS = 10_000_000;
const clock = createIssuanceClock(makeSchedule('chain'), 5_000_000_000_000_000n, 0);
t0 = process.hrtime.bigint();
let minted = 0;
for (let b = 0; b < BLOCKS; b++) minted += mintBlock(clock);
const stepSecs = seconds(t0);
console.log(
  `IssuanceClock: ${BLOCKS.toLocaleString('en-US')} blocks in ${stepSecs.toFixed(3)} s ` +
    `(${(BLOCKS / stepSecs / 1e6).toFixed(1)} M blocks/s), from 5M TAO to ${issuanceOf(clock) / 1_000_000_000n} TAO, crossing the first halving`,
);

t0 = process.hrtime.bigint();
const REPS = 1000;
let rows = 0;
for (let i = 0; i < REPS; i++) rows += projectHalvings(makeSchedule('chain'), { issuanceRao: BigInt(i), block: 0, dateMs: 0 }).length;
console.log(`projectHalvings: ${(REPS / seconds(t0)).toFixed(0)} full 30-halving projections/s`);
if (sink < 0n || minted < 0 || rows < 0) console.log('unreachable');
