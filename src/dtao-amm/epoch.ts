/**
 * Epoch time: what `stepBlock` drained is handed to Yuma, and Yuma's result is credited here.
 *
 * `creditEpoch` follows distribute_emission / distribute_dividends_and_incentives /
 * calculate_dividend_distribution (coinbase/run_coinbase.rs at subtensor 14bc6f9f):
 *  - the owner cut is staked to the subnet owner's (hotkey, coldkey);
 *  - the server alpha goes to miners by incentive weight; incentive to the owner's hotkey is
 *    burned and the withheld fraction becomes MinerBurned (read by the price-burn rule); if no
 *    hotkey has incentive, validators get the server alpha too;
 *  - each validator's dividend d splits into an alpha part and a root part by its stake:
 *    root part = d * wR / (A + wR) (A: its alpha stake here, R: its root TAO, w: TAO weight);
 *    pending validator alpha is shared by the alpha parts, pending root alpha by the root parts;
 *  - from each part the hotkey's take goes to its owner coldkey; the rest of the alpha part is
 *    shared by the hotkey's nominators on this subnet in proportion to their stake
 *    (`distributeHotkeyDividends`), the rest of the root part by the hotkey's root nominators in
 *    proportion to their root stake, credited as alpha stake on this subnet (the chain keeps it
 *    as root-claimable alpha; claiming as alpha is the "Keep" choice).
 * Every split is a largest-remainder apportionment, so no unit is lost; alpha with nobody to
 * receive it is burned (the chain leaves it in SubnetAlphaOut unheld). Childkey (parent/child)
 * delegation is not modelled.
 */
import { apportion } from './exact.ts';
import { assertLiveSubnet, creditStake, hotkeyStakeOnSubnet, rootStakeOf, type Network } from './network.ts';
import { taoWeightFraction } from './params.ts';

export interface EpochDrain {
  netuid: number;
  /** Pending alpha drained this block: miners, validators, root stakers, owner. */
  server: number;
  validator: number;
  root: number;
  ownerCut: number;
  /** server + validator + root: the emission to hand to Yuma (owner cut excluded). */
  toYuma: number;
}

/** The subnets drained by the last `stepBlock` (allocates a small array; once per block at most). */
export function drainedEpochs(net: Network): EpochDrain[] {
  const list: EpochDrain[] = [];
  for (let k = 0; k < net.epochCount; k++) {
    const s = net.epochNetuids[k];
    if (!net.drainOpenFlag[s]) continue;
    const server = net.drainedServer[s];
    const validator = net.drainedValidator[s];
    const root = net.drainedRoot[s];
    list.push({ netuid: s, server, validator, root, ownerCut: net.drainedOwner[s], toYuma: server + validator + root });
  }
  return list;
}

export interface EpochCredit {
  ownerCut: number;
  toMiners: number;
  burnedIncentive: number;
  toValidatorsAlpha: number;
  toRootStakers: number;
  takes: number;
  /** Alpha with no receiver (no dividends / no incentive holders), burned. */
  burnedUnassigned: number;
}

export interface HotkeyDividend {
  take: number;
  toNominators: number;
}

/**
 * Credits a validator hotkey's alpha dividend on a subnet: take = floor(amount * take / 65535)
 * to the hotkey's owner coldkey, the rest to its nominators on the subnet in proportion to
 * their stake (the owner's own stake included). With no stake on the subnet, all goes to the
 * owner. Exact: take + parts = amount.
 */
export function distributeHotkeyDividends(net: Network, netuid: number, hotkey: number, amount: number): HotkeyDividend {
  assertLiveSubnet(net, netuid);
  const owner = net.hotkeyOwner.get(hotkey);
  if (owner === undefined) throw new RangeError(`hotkey: ${hotkey} has no owner coldkey`);
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`amount: ${amount} is not a non-negative integer`);
  if (amount === 0) return { take: 0, toNominators: 0 };
  const takeU16 = net.hotkeyTakeU16.get(hotkey) ?? net.params.defaultTakeU16;
  const take = Math.floor((amount * takeU16) / 65535);
  const rest = amount - take;
  const h = net.stakes[netuid].get(hotkey);
  if (!h || h.total === 0) {
    creditStake(net, netuid, hotkey, owner, amount);
    return { take, toNominators: 0 };
  }
  const n = h.byColdkey.size;
  const keys = new Array<number>(n);
  const w = new Float64Array(n);
  let i = 0;
  for (const [c, a] of h.byColdkey) {
    keys[i] = c;
    w[i++] = a;
  }
  const parts = new Float64Array(n);
  apportion(rest, w, n, parts, new Float64Array(n));
  creditStake(net, netuid, hotkey, owner, take);
  for (let j = 0; j < n; j++) creditStake(net, netuid, hotkey, keys[j], parts[j]);
  return { take, toNominators: rest };
}

/** Root-dividend alpha for a hotkey: take to its owner, the rest to its root nominators by root stake. */
export function distributeRootDividends(net: Network, netuid: number, hotkey: number, amount: number): HotkeyDividend {
  const owner = net.hotkeyOwner.get(hotkey);
  if (owner === undefined) throw new RangeError(`hotkey: ${hotkey} has no owner coldkey`);
  if (amount === 0) return { take: 0, toNominators: 0 };
  const takeU16 = net.hotkeyTakeU16.get(hotkey) ?? net.params.defaultTakeU16;
  const take = Math.floor((amount * takeU16) / 65535);
  const rest = amount - take;
  const h = net.rootStakes.get(hotkey);
  creditStake(net, netuid, hotkey, owner, take);
  if (!h || h.total === 0n) {
    creditStake(net, netuid, hotkey, owner, rest);
    return { take, toNominators: 0 };
  }
  const n = h.byColdkey.size;
  const keys = new Array<number>(n);
  const w = new Float64Array(n);
  let i = 0;
  for (const [c, r] of h.byColdkey) {
    keys[i] = c;
    w[i++] = Number(r);
  }
  const parts = new Float64Array(n);
  apportion(rest, w, n, parts, new Float64Array(n));
  for (let j = 0; j < n; j++) creditStake(net, netuid, hotkey, keys[j], parts[j]);
  return { take, toNominators: rest };
}

/**
 * Credits Yuma's result for a subnet drained by the last `stepBlock`. hotkeys[i] has incentive
 * weight incentive[i] (miners) and dividend weight dividends[i] (validators); any non-negative
 * scale (Yuma's normalized vectors or its alpha amounts). Validates everything first: a bad
 * argument throws and leaves the ledger untouched.
 */
export function creditEpoch(
  net: Network,
  netuid: number,
  hotkeys: ArrayLike<number>,
  incentive: ArrayLike<number>,
  dividends: ArrayLike<number>,
): EpochCredit {
  assertLiveSubnet(net, netuid);
  if (!net.drainOpenFlag[netuid]) throw new RangeError(`netuid: subnet ${netuid} has no drained epoch to credit this block`);
  const n = hotkeys.length;
  if (incentive.length !== n || dividends.length !== n) {
    throw new RangeError(`hotkeys / incentive / dividends: lengths ${n} / ${incentive.length} / ${dividends.length} differ`);
  }
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const hk = hotkeys[i];
    if (!net.hotkeyOwner.has(hk)) throw new RangeError(`hotkeys[${i}]: ${hk} has no owner coldkey (stake to it or register it first)`);
    if (seen.has(hk)) throw new RangeError(`hotkeys[${i}]: ${hk} is listed twice`);
    seen.add(hk);
    if (!(incentive[i] >= 0) || !Number.isFinite(incentive[i])) throw new RangeError(`incentive[${i}]: ${incentive[i]} is not a finite number >= 0`);
    if (!(dividends[i] >= 0) || !Number.isFinite(dividends[i])) throw new RangeError(`dividends[${i}]: ${dividends[i]} is not a finite number >= 0`);
  }
  const s = netuid;
  let server = net.drainedServer[s];
  let validator = net.drainedValidator[s];
  const root = net.drainedRoot[s];
  const ownerCut = net.drainedOwner[s];
  net.drainedServer[s] = 0;
  net.drainedValidator[s] = 0;
  net.drainedRoot[s] = 0;
  net.drainedOwner[s] = 0;
  net.drainOpenFlag[s] = 0;
  net.drainedOpen -= 1;

  const result: EpochCredit = { ownerCut, toMiners: 0, burnedIncentive: 0, toValidatorsAlpha: 0, toRootStakers: 0, takes: 0, burnedUnassigned: 0 };
  creditStake(net, s, net.ownerHotkey[s], net.ownerColdkey[s], ownerCut);

  // Miners.
  const w = new Float64Array(n);
  const parts = new Float64Array(n);
  const scratch = new Float64Array(n);
  let incSum = 0;
  for (let i = 0; i < n; i++) incSum += w[i] = incentive[i];
  if (incSum > 0) {
    apportion(server, w, n, parts, scratch);
    let withheld = 0;
    for (let i = 0; i < n; i++) {
      if (parts[i] === 0) continue;
      if (hotkeys[i] === net.ownerHotkey[s]) {
        net.alphaBurned[s] += parts[i];
        withheld += parts[i];
      } else {
        creditStake(net, s, hotkeys[i], net.hotkeyOwner.get(hotkeys[i]) as number, parts[i]);
        result.toMiners += parts[i];
      }
    }
    result.burnedIncentive = withheld;
    net.minerBurned[s] = server > 0 ? withheld / server : 0;
  } else {
    validator += server;
    net.minerBurned[s] = 0;
  }
  server = 0;

  // Validators: alpha / root split of each dividend by stake.
  const tw = taoWeightFraction(net.params);
  const alphaW = new Float64Array(n);
  const rootW = new Float64Array(n);
  let alphaSum = 0;
  let rootSum = 0;
  for (let i = 0; i < n; i++) {
    const d = dividends[i];
    if (d === 0) continue;
    const a = hotkeyStakeOnSubnet(net, s, hotkeys[i]);
    const r = Number(rootStakeOf(net, hotkeys[i])) * tw;
    const rp = a + r > 0 ? r / (a + r) : 0;
    rootW[i] = d * rp;
    alphaW[i] = d - rootW[i];
    alphaSum += alphaW[i];
    rootSum += rootW[i];
  }
  const alphaParts = new Float64Array(n);
  const rootParts = new Float64Array(n);
  if (alphaSum > 0) apportion(validator, alphaW, n, alphaParts, scratch);
  else if (validator > 0) {
    net.alphaBurned[s] += validator;
    result.burnedUnassigned += validator;
  }
  if (rootSum > 0) apportion(root, rootW, n, rootParts, scratch);
  else if (root > 0) {
    net.alphaBurned[s] += root;
    result.burnedUnassigned += root;
  }
  for (let i = 0; i < n; i++) {
    if (alphaParts[i] > 0) {
      const r = distributeHotkeyDividends(net, s, hotkeys[i], alphaParts[i]);
      result.takes += r.take;
      result.toValidatorsAlpha += alphaParts[i];
    }
    if (rootParts[i] > 0) {
      const r = distributeRootDividends(net, s, hotkeys[i], rootParts[i]);
      result.takes += r.take;
      result.toRootStakers += rootParts[i];
    }
  }
  return result;
}
