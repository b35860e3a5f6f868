/**
 * The conservation check: no unit created or lost. Sums every holding from scratch (maps
 * included) and compares with what was minted; cheap enough for tests to run after every
 * operation, not meant for the hot loop.
 */
import { totalFeesTao, totalMintedTao, totalRecycledTao, type Network } from './network.ts';

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
  let free = 0n;
  for (const [c, v] of net.freeTao) {
    if (v < 0n) problems.push(`coldkey ${c} has a negative balance ${v}`);
    free += v;
  }
  let reserves = 0n;
  for (let s = 1; s <= net.maxNetuid; s++) if (net.exists[s]) reserves += BigInt(net.taoReserve[s]);
  let root = 0n;
  for (const [hk, h] of net.rootStakes) {
    let t = 0n;
    for (const v of h.byColdkey.values()) t += v;
    if (t !== h.total) problems.push(`root hotkey ${hk}: total ${h.total} != sum of nominators ${t}`);
    root += t;
  }
  if (root !== net.rootTaoTotal) problems.push(`root TAO total ${net.rootTaoTotal} != sum of root stakes ${root}`);
  const taoIssued = net.genesisTao + totalMintedTao(net);
  const taoAccounted = free + reserves + root + totalFeesTao(net) + totalRecycledTao(net) + net.burnedTao;
  if (taoIssued !== taoAccounted) problems.push(`TAO: issued ${taoIssued} != accounted ${taoAccounted} (diff ${taoIssued - taoAccounted})`);

  for (let s = 1; s <= net.maxNetuid; s++) {
    if (!net.exists[s]) continue;
    let stakes = 0;
    for (const [hk, h] of net.stakes[s]) {
      let t = 0;
      for (const v of h.byColdkey.values()) {
        if (!(v >= 0) || !Number.isInteger(v)) problems.push(`subnet ${s} hotkey ${hk}: stake ${v} is not a non-negative integer`);
        t += v;
      }
      if (t !== h.total) problems.push(`subnet ${s} hotkey ${hk}: total ${h.total} != sum ${t}`);
      stakes += t;
    }
    if (stakes !== net.stakeTotal[s]) problems.push(`subnet ${s}: stakeTotal ${net.stakeTotal[s]} != sum of stakes ${stakes}`);
    const pending = net.pendingServer[s] + net.pendingValidator[s] + net.pendingRoot[s] + net.pendingOwner[s];
    const drained = net.drainedServer[s] + net.drainedValidator[s] + net.drainedRoot[s] + net.drainedOwner[s];
    const held = stakes + net.protocolAlpha[s] + pending + drained + net.alphaBurned[s];
    if (held !== net.alphaOut[s]) problems.push(`subnet ${s}: alphaOut ${net.alphaOut[s]} != stakes + protocol + pending + burned ${held}`);
    const minted = net.alphaIn[s] + net.alphaOut[s] + net.alphaRecycled[s];
    if (minted !== net.alphaMinted[s]) problems.push(`subnet ${s}: alpha minted ${net.alphaMinted[s]} != reserve + out + recycled ${minted}`);
    for (const [name, arr] of [
      ['taoReserve', net.taoReserve], ['alphaIn', net.alphaIn], ['alphaOut', net.alphaOut], ['protocolAlpha', net.protocolAlpha],
    ] as const) {
      const v = arr[s];
      if (!(v >= 0) || !Number.isInteger(v) || v > Number.MAX_SAFE_INTEGER) problems.push(`subnet ${s}: ${name} ${v} is not an exact non-negative integer`);
    }
  }
  return { ok: problems.length === 0, taoIssued, taoAccounted, problems };
}
