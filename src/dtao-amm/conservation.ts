/**
 * The conservation check: no unit created or lost. Sums every holding from scratch (maps
 * included) and compares with what was minted; cheap enough for tests to run after every
 * operation, not meant for the hot loop.
 */
import { totalFeesTao, totalMintedTao, totalRecycledTao, type HotkeyStake, type Network, type RootHotkeyStake } from './network.ts';

export interface ConservationReport {
  ok: boolean;
  /** genesis + minted TAO. */
  taoIssued: bigint;
  /** free + reserves + root + fees + recycled + burned. */
  taoAccounted: bigint;
  problems: string[];
}

export function conservationReport(net: Network): ConservationReport {
  const problems: string[] = [];
  walk.problems = problems;
  walk.free = 0n;
  net.freeTao.forEach(addFreeBalance);
  const free = walk.free;
  let reserves = 0n;
  for (let s = 1; s <= net.maxNetuid; s++) if (net.exists[s]) reserves += BigInt(net.taoReserve[s]);
  walk.root = 0n;
  net.rootStakes.forEach(checkRootStake);
  const root = walk.root;
  if (root !== net.rootTaoTotal) problems.push(`root TAO total ${net.rootTaoTotal} != sum of root stakes ${root}`);
  const taoIssued = net.genesisTao + totalMintedTao(net);
  const taoAccounted = free + reserves + root + totalFeesTao(net) + totalRecycledTao(net) + net.burnedTao;
  if (taoIssued !== taoAccounted) problems.push(`TAO: issued ${taoIssued} != accounted ${taoAccounted} (diff ${taoIssued - taoAccounted})`);

  for (let s = 1; s <= net.maxNetuid; s++) {
    if (!net.exists[s]) continue;
    walk.problems = problems;
    walk.netuid = s;
    walk.stakes = 0;
    walk.cells = net.alphaCells;
    net.stakes[s].forEach(checkHotkeyStake);
    const stakes = walk.stakes;
    if (stakes !== net.stakeTotal[s]) problems.push(`subnet ${s}: stakeTotal ${net.stakeTotal[s]} != sum of stakes ${stakes}`);
    const pending = net.pendingServer[s] + net.pendingValidator[s] + net.pendingRoot[s] + net.pendingOwner[s];
    const drained = net.drainedServer[s] + net.drainedValidator[s] + net.drainedRoot[s] + net.drainedOwner[s];
    const held = stakes + net.protocolAlpha[s] + pending + drained + net.alphaBurned[s];
    if (held !== net.alphaOut[s]) problems.push(`subnet ${s}: alphaOut ${net.alphaOut[s]} != stakes + protocol + pending + burned ${held}`);
    const minted = net.alphaIn[s] + net.alphaOut[s] + net.alphaRecycled[s];
    if (minted !== net.alphaMinted[s]) problems.push(`subnet ${s}: alpha minted ${net.alphaMinted[s]} != reserve + out + recycled ${minted}`);
    checkExactField(problems, s, 'taoReserve', net.taoReserve[s]);
    checkExactField(problems, s, 'alphaIn', net.alphaIn[s]);
    checkExactField(problems, s, 'alphaOut', net.alphaOut[s]);
    checkExactField(problems, s, 'protocolAlpha', net.protocolAlpha[s]);
  }
  walk.problems = NO_PROBLEMS;
  walk.cells = NO_CELLS;
  return { ok: problems.length === 0, taoIssued, taoAccounted, problems };
}

function checkExactField(problems: string[], s: number, name: string, v: number): void {
  if (!(v >= 0) || !Number.isInteger(v) || v > Number.MAX_SAFE_INTEGER) problems.push(`subnet ${s}: ${name} ${v} is not an exact non-negative integer`);
}

/**
 * The walk's running state for the Map.forEach callbacks below (no entry arrays or iterators:
 * the engine runs the report every 1,024 blocks over every account, rarely enough that its
 * loops stay unoptimized, where each for-of step allocated). Reset per report and subnet.
 */
const NO_PROBLEMS: string[] = [];
const NO_CELLS: Float64Array = new Float64Array(0);
const walk = { problems: NO_PROBLEMS, cells: NO_CELLS, free: 0n, root: 0n, rootHotkey: 0n, netuid: 0, hotkey: 0, stakes: 0, hotkeyStakes: 0 };

function addFreeBalance(v: bigint, c: number): void {
  if (v < 0n) walk.problems.push(`coldkey ${c} has a negative balance ${v}`);
  walk.free += v;
}

function checkRootStake(h: RootHotkeyStake, hk: number): void {
  walk.rootHotkey = 0n;
  h.byColdkey.forEach(addRootNominator);
  const t = walk.rootHotkey;
  if (t !== h.total) walk.problems.push(`root hotkey ${hk}: total ${h.total} != sum of nominators ${t}`);
  walk.root += t;
}

function addRootNominator(v: bigint): void {
  walk.rootHotkey += v;
}

/** One hotkey's stakes on walk.netuid: each a non-negative integer, summing to its total. */
function checkHotkeyStake(h: HotkeyStake, hk: number): void {
  walk.hotkey = hk;
  walk.hotkeyStakes = 0;
  h.byColdkey.forEach(addColdkeyStake);
  const t = walk.hotkeyStakes;
  const total = walk.cells[h.cell];
  if (t !== total) walk.problems.push(`subnet ${walk.netuid} hotkey ${hk}: total ${total} != sum ${t}`);
  walk.stakes += t;
}

function addColdkeyStake(c: number): void {
  const v = walk.cells[c];
  if (!(v >= 0) || !Number.isInteger(v)) walk.problems.push(`subnet ${walk.netuid} hotkey ${walk.hotkey}: stake ${v} is not a non-negative integer`);
  walk.hotkeyStakes += v;
}
