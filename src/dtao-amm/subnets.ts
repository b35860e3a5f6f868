/**
 * Subnets enter and leave the network.
 *
 * - `seedSubnet`: a subnet that exists at the start of a scenario, with given reserves and
 *   stakes (its TAO counts as genesis TAO, its alpha as minted alpha).
 * - `registerSubnet`: register_network (subnets/subnet.rs, coinbase/root.rs at 14bc6f9f): the
 *   lock cost max(min_lock, last_lock * m - floor(last_lock / interval) * (now - last_lock_block))
 *   with m = 1 before the first registration and 2 after, is moved from the owner into the pool;
 *   the alpha reserve is floor(lock / median subnet price) (median of positive spot prices,
 *   1.0 when none); LastEpochBlock = now - (netuid mod tempo); the pool starts at weight 1/2.
 * - `deregisterSubnet`: do_dissolve_network / destroy_alpha_in_out_stakes: the TAO reserve is
 *   split pro rata by alpha value among every (hotkey, coldkey) stake and the protocol's alpha
 *   (alpha reserve + chain-bought alpha), by largest remainder; stakers' parts go to their
 *   coldkeys' free balance, the protocol's part is recycled; all of the subnet's alpha
 *   (reserve, stakes, pending emission) is destroyed. No lock refund (subnets registered after
 *   the chain's NetworkRegistrationStartBlock get none).
 */
import { apportion, assertExact } from './exact.ts';
import {
  addRecycled,
  assertAccountId,
  assertLiveSubnet,
  claimHotkey,
  creditFree,
  creditStake,
  curveFromName,
  debitFree,
  freeStakeRecord,
  refreshAlphaReward,
  type Network,
} from './network.ts';
import { CURVE_CONSTANT_PRODUCT, MIN_WEIGHT, spotPrice, type CurveName } from './pool.ts';

export interface SeedSubnet {
  netuid: number;
  ownerColdkey: number;
  ownerHotkey: number;
  taoReserve: number;
  alphaReserve: number;
  curve?: CurveName;
  quoteWeight?: number;
  tempo?: number;
  /** SubnetMovingPrice; default: the spot price capped at 1 (as the EMA would settle). */
  movingPrice?: number;
  emissionEnabled?: boolean;
  started?: boolean;
  feeRateU16?: number;
  stakes?: ReadonlyArray<{ hotkey: number; coldkey: number; alpha: number }>;
  /** Block the subnet was registered at (for the moving-price warm-up); default 0. */
  firstEmissionBlock?: number;
  /**
   * A coldkey that pays the TAO reserve from its free balance (a subnet registered mid-run
   * with given reserves); default none: the reserve is genesis TAO.
   */
  fundedBy?: number;
}

function resetSubnet(net: Network, s: number): void {
  const f = [
    net.tempo, net.firstEmissionBlock, net.lastEpochBlock, net.pendingEpochAt, net.registeredAt, net.lockedRao,
    net.feeRateU16, net.taoReserve, net.alphaIn, net.alphaOut, net.quoteWeight, net.protocolAlpha, net.stakeTotal,
    net.pendingServer, net.pendingValidator, net.pendingRoot, net.pendingOwner, net.alphaMinted, net.alphaRecycled,
    net.alphaBurned, net.movingPrice, net.minerBurned, net.taoFlow, net.taoFlowEma, net.protocolFlow,
    net.protocolFlowEma, net.alphaReward, net.alphaRewardLow, net.alphaRewardHigh, net.lastTaoEmission,
    net.lastTaoIn, net.lastAlphaIn, net.lastExcessTao, net.lastChainBought, net.lastAlphaOut, net.share,
  ];
  for (const a of f) a[s] = 0;
  net.exists[s] = 0;
  net.started[s] = 0;
  net.emissionEnabled[s] = 0;
  net.curve[s] = 0;
  net.ownerColdkey[s] = 0;
  net.ownerHotkey[s] = 0;
  net.stakes[s].forEach((h) => freeStakeRecord(net, h));
  net.stakes[s].clear();
}

/** Adds a subnet that exists at the start of a scenario. Throws (ledger untouched) on bad input. */
export function seedSubnet(net: Network, spec: SeedSubnet): void {
  const s = spec.netuid;
  if (!Number.isInteger(s) || s < 1 || s > net.maxNetuid) throw new RangeError(`netuid: ${s} is not in [1, ${net.maxNetuid}]`);
  if (net.exists[s]) throw new RangeError(`netuid: ${s} is already registered`);
  assertAccountId('ownerColdkey', spec.ownerColdkey);
  assertAccountId('ownerHotkey', spec.ownerHotkey);
  assertExact(spec.taoReserve, 'taoReserve');
  assertExact(spec.alphaReserve, 'alphaReserve');
  const curve = curveFromName(spec.curve ?? 'weighted');
  const w = spec.quoteWeight ?? 0.5;
  if (!(w >= MIN_WEIGHT && w <= 1 - MIN_WEIGHT)) throw new RangeError(`quoteWeight: ${w} is outside [${MIN_WEIGHT}, ${1 - MIN_WEIGHT}]`);
  if (curve === CURVE_CONSTANT_PRODUCT && w !== 0.5) throw new RangeError('quoteWeight: the constant-product curve has weight 0.5');
  const tempo = spec.tempo ?? net.params.defaultTempo;
  if (!Number.isInteger(tempo) || tempo < 1 || tempo > 65535) throw new RangeError(`tempo: ${tempo} is not an integer in [1, 65535]`);
  const fee = spec.feeRateU16 ?? net.params.feeRateU16;
  if (!Number.isInteger(fee) || fee < 0 || fee > 10_000) throw new RangeError(`feeRateU16: ${fee} is not an integer in [0, 10000]`);
  let stakeSum = 0;
  for (const st of spec.stakes ?? []) {
    assertAccountId('stakes.hotkey', st.hotkey);
    assertAccountId('stakes.coldkey', st.coldkey);
    assertExact(st.alpha, 'stakes.alpha');
    stakeSum += st.alpha;
  }
  assertExact(stakeSum + spec.alphaReserve, 'alpha minted');
  if (spec.movingPrice !== undefined && !(spec.movingPrice >= 0 && Number.isFinite(spec.movingPrice))) {
    throw new RangeError(`movingPrice: ${spec.movingPrice} is not a non-negative number`);
  }
  const feb = spec.firstEmissionBlock ?? 0;
  if (!Number.isInteger(feb) || feb < 0) throw new RangeError(`firstEmissionBlock: ${feb} is not a non-negative integer`);
  if (net.hotkeyOwner.has(spec.ownerHotkey) && net.hotkeyOwner.get(spec.ownerHotkey) !== spec.ownerColdkey) {
    throw new RangeError(`ownerHotkey: ${spec.ownerHotkey} is owned by another coldkey`);
  }
  if (spec.fundedBy !== undefined) {
    assertAccountId('fundedBy', spec.fundedBy);
    const have = net.freeTao.get(spec.fundedBy) ?? 0n;
    if (have < BigInt(spec.taoReserve)) throw new RangeError(`INSUFFICIENT_BALANCE: coldkey ${spec.fundedBy} holds ${have} rao, not the ${spec.taoReserve} rao TAO reserve`);
  }
  // --- validated; mutate ---
  resetSubnet(net, s);
  claimHotkey(net, spec.ownerHotkey, spec.ownerColdkey);
  net.exists[s] = 1;
  net.started[s] = spec.started === false ? 0 : 1;
  net.emissionEnabled[s] = spec.emissionEnabled === false ? 0 : 1;
  net.curve[s] = curve;
  net.quoteWeight[s] = w;
  net.tempo[s] = tempo;
  net.feeRateU16[s] = fee;
  net.firstEmissionBlock[s] = feb;
  net.lastEpochBlock[s] = Math.max(0, net.block - (s % tempo));
  net.registeredAt[s] = net.block;
  net.ownerColdkey[s] = spec.ownerColdkey;
  net.ownerHotkey[s] = spec.ownerHotkey;
  net.taoReserve[s] = spec.taoReserve;
  net.alphaIn[s] = spec.alphaReserve;
  for (const st of spec.stakes ?? []) {
    if (!net.hotkeyOwner.has(st.hotkey)) claimHotkey(net, st.hotkey, st.coldkey);
    creditStake(net, s, st.hotkey, st.coldkey, st.alpha);
  }
  net.alphaOut[s] = stakeSum;
  net.alphaMinted[s] = stakeSum + spec.alphaReserve;
  if (spec.fundedBy !== undefined) debitFree(net, spec.fundedBy, BigInt(spec.taoReserve));
  else net.genesisTao += BigInt(spec.taoReserve);
  net.movingPrice[s] = spec.movingPrice ?? Math.min(1, spotPrice(curve, spec.taoReserve, spec.alphaReserve, w));
  refreshAlphaReward(net, s);
}

/** The current lock cost (rao) for registering a subnet at `net.block`. */
export function networkLockCost(net: Network): bigint {
  const last = net.lastLockRao;
  const mult = net.lastLockBlock === 0 ? 1n : 2n;
  const elapsed = BigInt(Math.max(0, net.block - net.lastLockBlock));
  const reduction = (last / BigInt(net.params.lockReductionInterval)) * elapsed;
  let cost = last * mult - reduction;
  if (cost < 0n) cost = 0n;
  return cost < net.params.minLockRao ? net.params.minLockRao : cost;
}

/** Median of positive spot prices of live subnets (mean of the two middle ones); 1 when none. */
export function medianSubnetPrice(net: Network): number {
  const prices: number[] = [];
  for (let s = 1; s <= net.maxNetuid; s++) {
    if (!net.exists[s]) continue;
    const p = spotPrice(net.curve[s], net.taoReserve[s], net.alphaIn[s], net.quoteWeight[s]);
    if (p > 0) prices.push(p);
  }
  if (prices.length === 0) return 1;
  prices.sort((a, b) => a - b);
  const lo = prices[(prices.length - 1) >> 1];
  const hi = prices[prices.length >> 1];
  return (lo + hi) / 2;
}

export interface RegisterOptions {
  coldkey: number;
  hotkey: number;
  curve?: CurveName;
  tempo?: number;
  /** start_call done at registration (FirstEmissionBlockNumber set). Default true. */
  started?: boolean;
  /** SubnetEmissionEnabled. The chain registers with false (governance enables it); default false. */
  emissionEnabled?: boolean;
}

export interface Registration {
  netuid: number;
  lockRao: bigint;
  taoReserve: number;
  alphaReserve: number;
}

/** register_network: lowest free netuid; throws 'SUBNET_LIMIT_REACHED' or 'INSUFFICIENT_BALANCE' untouched. */
export function registerSubnet(net: Network, o: RegisterOptions): Registration {
  assertAccountId('coldkey', o.coldkey);
  assertAccountId('hotkey', o.hotkey);
  const owner = net.hotkeyOwner.get(o.hotkey);
  if (owner !== undefined && owner !== o.coldkey) throw new RangeError(`hotkey: ${o.hotkey} is owned by coldkey ${owner}, not ${o.coldkey}`);
  const curve = curveFromName(o.curve ?? 'weighted');
  const tempo = o.tempo ?? net.params.defaultTempo;
  if (!Number.isInteger(tempo) || tempo < 1 || tempo > 65535) throw new RangeError(`tempo: ${tempo} is not an integer in [1, 65535]`);
  let s = 1;
  while (s <= net.maxNetuid && net.exists[s]) s++;
  if (s > net.maxNetuid) throw new RangeError(`SUBNET_LIMIT_REACHED: all ${net.maxNetuid} netuids are taken; deregister one first`);
  const lock = networkLockCost(net);
  const have = net.freeTao.get(o.coldkey) ?? 0n;
  if (have < lock) throw new RangeError(`INSUFFICIENT_BALANCE: coldkey ${o.coldkey} holds ${have} rao; the lock cost is ${lock} rao`);
  if (lock > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('UNIT_OVERFLOW: lock cost past 2^53 rao');
  const median = medianSubnetPrice(net);
  const taoReserve = Number(lock);
  const alphaReserve = Math.floor(taoReserve / median);
  // --- mutate ---
  debitFree(net, o.coldkey, lock);
  resetSubnet(net, s);
  claimHotkey(net, o.hotkey, o.coldkey);
  net.exists[s] = 1;
  net.started[s] = o.started === false ? 0 : 1;
  net.emissionEnabled[s] = o.emissionEnabled === true ? 1 : 0;
  net.curve[s] = curve;
  net.quoteWeight[s] = 0.5;
  net.tempo[s] = tempo;
  net.feeRateU16[s] = net.params.feeRateU16;
  net.firstEmissionBlock[s] = net.block;
  net.lastEpochBlock[s] = Math.max(0, net.block - (s % tempo));
  net.registeredAt[s] = net.block;
  net.ownerColdkey[s] = o.coldkey;
  net.ownerHotkey[s] = o.hotkey;
  net.lockedRao[s] = taoReserve;
  net.taoReserve[s] = taoReserve;
  net.alphaIn[s] = alphaReserve;
  net.alphaMinted[s] = alphaReserve;
  net.movingPrice[s] = 0;
  net.lastLockRao = lock;
  net.lastLockBlock = net.block;
  refreshAlphaReward(net, s);
  return { netuid: s, lockRao: lock, taoReserve, alphaReserve };
}

/** start_call: the subnet begins to receive emission at the current block. */
export function startSubnet(net: Network, netuid: number): void {
  assertLiveSubnet(net, netuid);
  if (net.started[netuid]) throw new RangeError(`netuid: subnet ${netuid} has already started`);
  net.started[netuid] = 1;
  net.firstEmissionBlock[netuid] = net.block;
}

export function setEmissionEnabled(net: Network, netuid: number, enabled: boolean): void {
  assertLiveSubnet(net, netuid);
  net.emissionEnabled[netuid] = enabled ? 1 : 0;
}

export interface Deregistration {
  netuid: number;
  potRao: number;
  /** TAO credited to each coldkey. */
  paid: Map<number, bigint>;
  recycledRao: number;
  alphaDestroyed: number;
}

export function deregisterSubnet(net: Network, netuid: number): Deregistration {
  assertLiveSubnet(net, netuid);
  const s = netuid;
  const pot = net.taoReserve[s];
  const holders: Array<{ coldkey: number; alpha: number }> = [];
  for (const h of net.stakes[s].values()) {
    for (const [coldkey, c] of h.byColdkey) if (net.alphaCells[c] > 0) holders.push({ coldkey, alpha: net.alphaCells[c] });
  }
  const protocol = net.alphaIn[s] + net.protocolAlpha[s];
  const n = holders.length + 1;
  const w = new Float64Array(n);
  const parts = new Float64Array(n);
  const scratch = new Float64Array(n);
  for (let i = 0; i < holders.length; i++) w[i] = holders[i].alpha;
  w[n - 1] = protocol;
  const given = apportion(pot, w, n, parts, scratch);
  const paid = new Map<number, bigint>();
  for (let i = 0; i < holders.length; i++) {
    if (parts[i] > 0) paid.set(holders[i].coldkey, (paid.get(holders[i].coldkey) ?? 0n) + BigInt(parts[i]));
  }
  const recycled = parts[n - 1] + (pot - given);
  const alphaDestroyed = net.alphaMinted[s] - net.alphaRecycled[s] - net.alphaBurned[s];
  for (const [c, r] of paid) creditFree(net, c, r);
  addRecycled(net, recycled);
  resetSubnet(net, s);
  return { netuid: s, potRao: pot, paid, recycledRao: recycled, alphaDestroyed };
}
