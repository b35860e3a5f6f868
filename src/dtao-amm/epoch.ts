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
import { apportion, apportionNonzero } from './exact.ts';
import {
  addAlpha,
  allocCell,
  assertLiveSubnet,
  creditRecord,
  creditStake,
  hotkeyStakeOf,
  hotkeyStakeOnSubnet,
  type CreditCache,
  type HotkeyStake,
  type Network,
  type RootHotkeyStake,
  type RootSplit,
} from './network.ts';
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

/** Growable scratch (module-level, never shrunk): the epoch path allocates nothing per call. */
interface Scratch {
  keys: Int32Array;
  w: Float64Array;
  parts: Float64Array;
  rem: Float64Array;
}
function createScratch(n: number): Scratch {
  return { keys: new Int32Array(n), w: new Float64Array(n), parts: new Float64Array(n), rem: new Float64Array(n) };
}
function grown(sc: Scratch, n: number): Scratch {
  if (sc.w.length >= n) return sc;
  return createScratch(Math.max(n, sc.w.length * 2));
}
/** Nominator splits (distributeHotkeyDividends / distributeRootDividends). */
let nominatorScratch = createScratch(64);
const NO_SLAB: Float64Array = new Float64Array(0);

/** Map.forEach callbacks that copy (coldkey, stake) in insertion order into `fill` (no entry arrays). */
let fill: Scratch = nominatorScratch;
let fillAt = 0;
function fillTo(sc: Scratch): void {
  fill = sc;
  fillAt = 0;
}
/** The cells fillAlpha walked, in its order; `fillSlab` the slab they are in. */
let fillCells = new Int32Array(64);
let fillSlab: Float64Array = new Float64Array(0);
function fillAlpha(c: number, coldkey: number): void {
  fillCells[fillAt] = c;
  fill.keys[fillAt] = coldkey;
  fill.w[fillAt++] = fillSlab[c];
}
function fillRoot(rao: bigint, coldkey: number): void {
  fill.keys[fillAt] = coldkey;
  fill.w[fillAt++] = Number(rao);
}

/** The hotkey's take rate, u16. */
function takeOf(net: Network, hotkey: number): number {
  return net.hotkeyTakeU16.get(hotkey) ?? net.params.defaultTakeU16;
}

/**
 * distributeHotkeyDividends without its checks and result object; returns the take. `known`:
 * the hotkey's live stake record on the subnet when the caller has it (else it is looked up).
 */
function creditHotkeyDividend(net: Network, netuid: number, hotkey: number, owner: number, takeU16: number, amount: number, known?: HotkeyStake): number {
  const take = Math.floor((amount * takeU16) / 65535);
  const rest = amount - take;
  const h = known ?? net.stakes[netuid].get(hotkey);
  if (!h || net.alphaCells[h.cell] === 0) {
    creditStake(net, netuid, hotkey, owner, amount);
    return take;
  }
  const n = h.byColdkey.size;
  const sc = (nominatorScratch = grown(nominatorScratch, n));
  const { w, parts } = sc;
  if (fillCells.length < n) fillCells = new Int32Array(Math.max(n, fillCells.length * 2));
  fillTo(sc);
  fillSlab = net.alphaCells;
  h.byColdkey.forEach(fillAlpha);
  fillSlab = NO_SLAB;
  apportion(rest, w, n, parts, sc.rem);
  creditRecord(net, netuid, h, owner, take);
  // creditParts(keys, parts) without its lookups: each part goes to the cell it was weighed by
  // (all live: nothing is removed while an epoch is credited, and creditRecord only adds; read
  // the slab after it, which may have grown it).
  const cells = net.alphaCells;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const part = parts[j];
    if (part === 0) continue;
    cells[fillCells[j]] += part;
    sum += part;
  }
  cells[h.cell] += sum;
  net.stakeTotal[netuid] += sum;
  return take;
}

/**
 * creditStake(hotkey, keys[j], parts[j]) for j < n, in that order, with the hotkey's record
 * looked up once (made on the first non-zero part if missing, as creditStake makes it).
 * Integers below 2^53 add exactly, so the totals take the sum at once.
 */
function creditParts(net: Network, netuid: number, hotkey: number, keys: Int32Array, parts: Float64Array, n: number, known?: HotkeyStake): void {
  let h = known ?? net.stakes[netuid].get(hotkey);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const part = parts[j];
    if (part === 0) continue;
    h ??= hotkeyStakeOf(net, netuid, hotkey);
    addAlpha(net, h, keys[j], part);
    sum += part;
  }
  if (h === undefined || sum === 0) return;
  net.alphaCells[h.cell] += sum;
  net.stakeTotal[netuid] += sum;
}

/**
 * creditParts(hotkey, split.keys, parts) with the records kept in split.cells: each looked up
 * (or made, as addAlpha makes it) once and reused while it must still be live, i.e. the hotkey's
 * record on the subnet is the one the cells were found under and no record was removed anywhere
 * since (debitStake is the only remover and counts in `coldkeyStakesRemoved`).
 */
function creditSplitParts(net: Network, netuid: number, hotkey: number, split: RootSplit, parts: Float64Array, n: number): void {
  let h = net.stakes[netuid].get(hotkey);
  const cells = split.cells;
  if (split.cellsOf !== h || split.cellsRemoved !== net.coldkeyStakesRemoved) {
    cells.fill(-1, 0, n);
    split.cellsOf = h;
    split.cellsRemoved = net.coldkeyStakesRemoved;
  }
  const keys = split.keys;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const part = parts[j];
    if (part === 0) continue;
    if (h === undefined) {
      h = hotkeyStakeOf(net, netuid, hotkey);
      split.cellsOf = h;
    }
    let c = cells[j];
    if (c < 0) {
      const found = h.byColdkey.get(keys[j]);
      if (found === undefined) {
        c = allocCell(net, 0);
        h.byColdkey.set(keys[j], c);
      } else c = found;
      cells[j] = c;
    }
    net.alphaCells[c] += part;
    sum += part;
  }
  if (h === undefined || sum === 0) return;
  net.alphaCells[h.cell] += sum;
  net.stakeTotal[netuid] += sum;
}

/** distributeRootDividends without its checks and result object; returns the take. `root`: the hotkey's root record (looked up when not given). */
function creditRootDividend(net: Network, netuid: number, hotkey: number, owner: number, takeU16: number, amount: number, root?: RootHotkeyStake, split?: RootSplit): number {
  const take = Math.floor((amount * takeU16) / 65535);
  const rest = amount - take;
  const h = root ?? net.rootStakes.get(hotkey);
  creditStake(net, netuid, hotkey, owner, take);
  if (!h || h.total === 0n) {
    creditStake(net, netuid, hotkey, owner, rest);
    return take;
  }
  const n = h.byColdkey.size;
  const sc = (nominatorScratch = grown(nominatorScratch, n));
  if (split !== undefined) {
    // the same nominators in the same order with the same weights, copied at h's version
    apportion(rest, split.w, n, sc.parts, sc.rem);
    creditSplitParts(net, netuid, hotkey, split, sc.parts, n);
    return take;
  }
  const { keys, w, parts } = sc;
  fillTo(sc);
  h.byColdkey.forEach(fillRoot);
  apportion(rest, w, n, parts, sc.rem);
  creditParts(net, netuid, hotkey, keys, parts, n);
  return take;
}

/** The RootSplit a forEach over a root record's nominators is copying into (`rootSplitOf`). */
let splitFill: RootSplit | undefined;
let splitAt = 0;
function fillSplit(rao: bigint, coldkey: number): void {
  const sp = splitFill as RootSplit;
  sp.keys[splitAt] = coldkey;
  sp.w[splitAt++] = Number(rao);
}

/**
 * The root split of `rec` (hotkey i's root record) kept in c.rootSplits[i]: its nominators in
 * Map order and their stakes as floats (exact: each is below 2^53, as the ledger's root TAO is),
 * copied again only when the record or its version changed (allocates only then).
 */
function rootSplitOf(c: CreditCache, i: number, rec: RootHotkeyStake): RootSplit {
  let sp = c.rootSplits[i];
  if (sp !== undefined && sp.rec === rec && sp.version === rec.version) return sp;
  const n = rec.byColdkey.size;
  if (sp === undefined || sp.keys.length < n) {
    sp = { rec, version: -1, n: 0, keys: new Int32Array(n), w: new Float64Array(n), cells: new Int32Array(n).fill(-1), cellsOf: undefined, cellsRemoved: -1 };
  }
  sp.cellsRemoved = -1; // new keys (or a new order): the kept records are looked up again
  splitFill = sp;
  splitAt = 0;
  rec.byColdkey.forEach(fillSplit);
  splitFill = undefined;
  sp.rec = rec;
  sp.version = rec.version;
  sp.n = n;
  c.rootSplits[i] = sp;
  return sp;
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
  const hadStake = hotkeyStakeOnSubnet(net, netuid, hotkey) !== 0;
  const take = creditHotkeyDividend(net, netuid, hotkey, owner, takeOf(net, hotkey), amount);
  return { take, toNominators: hadStake ? amount - take : 0 };
}

/** Root-dividend alpha for a hotkey: take to its owner, the rest to its root nominators by root stake. */
export function distributeRootDividends(net: Network, netuid: number, hotkey: number, amount: number): HotkeyDividend {
  const owner = net.hotkeyOwner.get(hotkey);
  if (owner === undefined) throw new RangeError(`hotkey: ${hotkey} has no owner coldkey`);
  if (amount === 0) return { take: 0, toNominators: 0 };
  const hadStake = (net.rootStakes.get(hotkey)?.total ?? 0n) !== 0n;
  const take = creditRootDividend(net, netuid, hotkey, owner, takeOf(net, hotkey), amount);
  return { take, toNominators: hadStake ? amount - take : 0 };
}

/** creditEpoch's vectors (miners' weights and parts, validators' alpha / root weights and parts). */
interface EpochScratch {
  w: Float64Array;
  parts: Float64Array;
  rem: Float64Array;
  alphaW: Float64Array;
  rootW: Float64Array;
  alphaParts: Float64Array;
  rootParts: Float64Array;
  sortedKeys: Float64Array;
  /** apportionNonzero's packed indices, weights and parts. */
  packedAt: Int32Array;
  packedW: Float64Array;
  packedOut: Float64Array;
}
function createEpochScratch(n: number): EpochScratch {
  const f = () => new Float64Array(n);
  return {
    w: f(),
    parts: f(),
    rem: f(),
    alphaW: f(),
    rootW: f(),
    alphaParts: f(),
    rootParts: f(),
    sortedKeys: f(),
    packedAt: new Int32Array(n),
    packedW: f(),
    packedOut: f(),
  };
}
let epochScratch = createEpochScratch(256);

/** The argument checks of creditEpoch, in order; throws the first problem. */
function checkEpochArgs(net: Network, hotkeys: ArrayLike<number>, incentive: ArrayLike<number>, dividends: ArrayLike<number>, n: number): void {
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const hk = hotkeys[i];
    if (!net.hotkeyOwner.has(hk)) throw new RangeError(`hotkeys[${i}]: ${hk} has no owner coldkey (stake to it or register it first)`);
    if (seen.has(hk)) throw new RangeError(`hotkeys[${i}]: ${hk} is listed twice`);
    seen.add(hk);
    if (!(incentive[i] >= 0) || !Number.isFinite(incentive[i])) throw new RangeError(`incentive[${i}]: ${incentive[i]} is not a finite number >= 0`);
    if (!(dividends[i] >= 0) || !Number.isFinite(dividends[i])) throw new RangeError(`dividends[${i}]: ${dividends[i]} is not a finite number >= 0`);
  }
}

/** Whether x is among a[0..len), which ascends (binary search). */
function inAscending(a: ArrayLike<number>, len: number, x: number): boolean {
  let lo = 0;
  let hi = len - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid];
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** True when every amount is a finite number >= 0 (NaN fails). */
function amountsOk(incentive: ArrayLike<number>, dividends: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const inc = incentive[i];
    const div = dividends[i];
    if (!(inc >= 0) || inc === Infinity || !(div >= 0) || div === Infinity) return false;
  }
  return true;
}

/** True when every hotkey has an owner and none is listed twice (duplicates found on a sorted copy). */
function hotkeysOk(net: Network, hotkeys: ArrayLike<number>, n: number, sorted: Float64Array): boolean {
  for (let i = 0; i < n; i++) {
    const hk = hotkeys[i];
    if (!net.hotkeyOwner.has(hk)) return false;
    sorted[i] = hk;
  }
  // Usually the hotkeys ascend, perhaps with one more (the owner's) at the end: no sort needed.
  let k = 1;
  while (k < n && hotkeys[k] > hotkeys[k - 1]) k++;
  if (k >= n - 1) return k >= n || !inAscending(hotkeys, n - 1, hotkeys[n - 1]);
  const keys = sorted.subarray(0, n).sort();
  for (let i = 1; i < n; i++) if (keys[i] === keys[i - 1]) return false;
  return true;
}

/** Whether the subnet's cache holds exactly these hotkeys. */
function sameHotkeys(c: CreditCache, hotkeys: ArrayLike<number>, n: number): boolean {
  if (c.hotkeys.length !== n) return false;
  const h = c.hotkeys;
  for (let i = 0; i < n; i++) if (h[i] !== hotkeys[i]) return false;
  return true;
}

/**
 * The subnet's owners and takes for these hotkeys, from the cache when it holds the same list
 * (a list that passed the checks stays valid: owners are never removed or changed), else after
 * the checks pass, cached for the next epoch (allocates only when the list changes). Takes are
 * re-read when one was set since. Returns undefined when a hotkey check fails.
 */
function checkedHotkeys(net: Network, s: number, hotkeys: ArrayLike<number>, n: number, sorted: Float64Array): CreditCache | undefined {
  let c = net.creditCache[s];
  if (c === undefined || !sameHotkeys(c, hotkeys, n)) {
    if (!hotkeysOk(net, hotkeys, n, sorted)) return undefined;
    c = {
      hotkeys: new Int32Array(n),
      owners: new Int32Array(n),
      takesU16: new Float64Array(n),
      takesVersion: -1,
      recs: new Array<HotkeyStake | undefined>(n).fill(undefined),
      rootRecs: new Array<RootHotkeyStake | undefined>(n).fill(undefined),
      totCells: new Int32Array(n).fill(-1),
      ownCells: new Int32Array(n).fill(-1),
      recsMembers: -1,
      recsRootSize: -1,
      recsCellsRemoved: -1,
      rootSplits: new Array<RootSplit | undefined>(n).fill(undefined),
    };
    for (let i = 0; i < n; i++) {
      c.hotkeys[i] = hotkeys[i];
      c.owners[i] = net.hotkeyOwner.get(hotkeys[i]) as number;
    }
    net.creditCache[s] = c;
  }
  if (c.takesVersion !== net.takesVersion) {
    for (let i = 0; i < n; i++) c.takesU16[i] = takeOf(net, c.hotkeys[i]);
    c.takesVersion = net.takesVersion;
  }
  const m = net.stakes[s];
  if (c.recsMembers !== m.members || c.recsRootSize !== net.rootStakes.size || c.recsCellsRemoved !== net.coldkeyStakesRemoved) {
    for (let i = 0; i < n; i++) {
      const h = m.get(c.hotkeys[i]);
      c.recs[i] = h;
      c.totCells[i] = h === undefined ? -1 : h.cell;
      c.ownCells[i] = h?.byColdkey.get(c.owners[i]) ?? -1;
      c.rootRecs[i] = net.rootStakes.get(c.hotkeys[i]);
    }
    c.recsMembers = m.members;
    c.recsRootSize = net.rootStakes.size;
    c.recsCellsRemoved = net.coldkeyStakesRemoved;
  }
  return c;
}

/**
 * Credits Yuma's result for a subnet drained by the last `stepBlock`. hotkeys[i] has incentive
 * weight incentive[i] (miners) and dividend weight dividends[i] (validators); any non-negative
 * scale (Yuma's normalized vectors or its alpha amounts). Validates everything first: a bad
 * argument throws and leaves the ledger untouched. `minerPartsOut` (length >= n), when given,
 * receives each hotkey's share of the server alpha (its burned share included for the owner's).
 */
export function creditEpoch(
  net: Network,
  netuid: number,
  hotkeys: ArrayLike<number>,
  incentive: ArrayLike<number>,
  dividends: ArrayLike<number>,
  minerPartsOut?: Float64Array,
): EpochCredit {
  const result: EpochCredit = { ownerCut: 0, toMiners: 0, burnedIncentive: 0, toValidatorsAlpha: 0, toRootStakers: 0, takes: 0, burnedUnassigned: 0 };
  return creditEpochInto(net, netuid, hotkeys, incentive, dividends, result, minerPartsOut);
}

/**
 * creditEpoch into a caller-owned `result` (every field overwritten): the epoch path allocates
 * nothing. `dividendPartsOut` (length >= n), when given, receives each hotkey's alpha and root
 * dividend parts (take included): with the owner cut (to the owner's hotkey) and the miner
 * parts (except the owner hotkey's, burned), what each hotkey's stake on the subnet gained.
 */
export function creditEpochInto(
  net: Network,
  netuid: number,
  hotkeys: ArrayLike<number>,
  incentive: ArrayLike<number>,
  dividends: ArrayLike<number>,
  result: EpochCredit,
  minerPartsOut?: Float64Array,
  dividendPartsOut?: Float64Array,
): EpochCredit {
  assertLiveSubnet(net, netuid);
  if (!net.drainOpenFlag[netuid]) throw new RangeError(`netuid: subnet ${netuid} has no drained epoch to credit this block`);
  const n = hotkeys.length;
  if (incentive.length !== n || dividends.length !== n) {
    throw new RangeError(`hotkeys / incentive / dividends: lengths ${n} / ${incentive.length} / ${dividends.length} differ`);
  }
  if (epochScratch.w.length < n) epochScratch = createEpochScratch(Math.max(n, epochScratch.w.length * 2));
  const sc = epochScratch;
  const cache = amountsOk(incentive, dividends, n) ? checkedHotkeys(net, netuid, hotkeys, n, sc.sortedKeys) : undefined;
  if (cache === undefined) {
    checkEpochArgs(net, hotkeys, incentive, dividends, n);
    throw new Error('creditEpoch: the checks disagree (a bug)');
  }
  // recs[i]: hotkeys[i]'s live record or undefined (then looked up: a credit may have made it);
  // ownCells[i] likewise its owner's record under it; rootRecs[i] is exact (no root record is
  // made or removed while an epoch is credited).
  const { owners, takesU16, recs, rootRecs, totCells, ownCells } = cache;
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

  result.ownerCut = ownerCut;
  result.toMiners = 0;
  result.burnedIncentive = 0;
  result.toValidatorsAlpha = 0;
  result.toRootStakers = 0;
  result.takes = 0;
  result.burnedUnassigned = 0;
  const ownerHotkey = net.ownerHotkey[s];
  creditStake(net, s, ownerHotkey, net.ownerColdkey[s], ownerCut);

  // Miners. The parts go straight into minerPartsOut when the caller wants them (no copy).
  const { w, rem: scratch } = sc;
  const parts = minerPartsOut !== undefined && minerPartsOut.length >= n ? minerPartsOut : sc.parts;
  let incSum = 0;
  for (let i = 0; i < n; i++) incSum += w[i] = incentive[i];
  if (incSum > 0) {
    apportion(server, w, n, parts, scratch);
    let withheld = 0;
    for (let i = 0; i < n; i++) {
      const part = parts[i];
      if (part === 0) continue;
      const hk = hotkeys[i];
      if (hk === ownerHotkey) {
        net.alphaBurned[s] += part;
        withheld += part;
      } else {
        const c = ownCells[i];
        if (c >= 0) {
          // creditRecord with the owner's cell in hand (ownCells[i] >= 0 implies totCells[i] >= 0)
          const cells = net.alphaCells;
          cells[totCells[i]] += part;
          cells[c] += part;
          net.stakeTotal[s] += part;
        } else {
          const h = recs[i];
          if (h !== undefined) creditRecord(net, s, h, owners[i], part);
          else creditStake(net, s, hk, owners[i], part);
        }
        result.toMiners += part;
      }
    }
    result.burnedIncentive = withheld;
    net.minerBurned[s] = server > 0 ? withheld / server : 0;
    if (minerPartsOut !== undefined && parts !== minerPartsOut) for (let i = 0; i < n; i++) minerPartsOut[i] = parts[i];
  } else {
    validator += server;
    net.minerBurned[s] = 0;
    if (minerPartsOut) for (let i = 0; i < n; i++) minerPartsOut[i] = 0;
  }
  server = 0;

  // Validators: alpha / root split of each dividend by stake.
  const tw = taoWeightFraction(net.params);
  const { alphaW, rootW, alphaParts, rootParts } = sc;
  let alphaSum = 0;
  let rootSum = 0;
  for (let i = 0; i < n; i++) {
    const d = dividends[i];
    if (d === 0) {
      alphaW[i] = 0;
      rootW[i] = 0;
      continue;
    }
    const t = totCells[i];
    const a = t >= 0 ? net.alphaCells[t] : hotkeyStakeOnSubnet(net, s, hotkeys[i]);
    const rh = rootRecs[i];
    const r = (rh === undefined ? 0 : Number(rh.total)) * tw;
    const rp = a + r > 0 ? r / (a + r) : 0;
    rootW[i] = d * rp;
    alphaW[i] = d - rootW[i];
    alphaSum += alphaW[i];
    rootSum += rootW[i];
  }
  // Most hotkeys have no dividend, and most validators no root stake: apportion over the rest.
  const { packedAt, packedW, packedOut } = sc;
  if (alphaSum > 0) apportionNonzero(validator, alphaW, n, alphaParts, packedAt, packedW, packedOut, scratch);
  else {
    for (let i = 0; i < n; i++) alphaParts[i] = 0;
    if (validator > 0) {
      net.alphaBurned[s] += validator;
      result.burnedUnassigned += validator;
    }
  }
  if (rootSum > 0) apportionNonzero(root, rootW, n, rootParts, packedAt, packedW, packedOut, scratch);
  else {
    for (let i = 0; i < n; i++) rootParts[i] = 0;
    if (root > 0) {
      net.alphaBurned[s] += root;
      result.burnedUnassigned += root;
    }
  }
  for (let i = 0; i < n; i++) {
    const ap = alphaParts[i];
    const rp = rootParts[i];
    if (dividendPartsOut) dividendPartsOut[i] = ap + rp;
    if (ap > 0 || rp > 0) {
      const hk = hotkeys[i];
      const owner = owners[i];
      if (ap > 0) {
        const c = ownCells[i];
        const cells = net.alphaCells;
        if (c >= 0 && cells[totCells[i]] === cells[c]) {
          // The owner is the hotkey's only nominator with stake (stakes are > 0 and sum to the
          // total): apportion(rest, [stake], 1) = rest, so the take and the rest are both the
          // owner's. creditHotkeyDividend's answer without its Map walk.
          const take = Math.floor((ap * takesU16[i]) / 65535);
          cells[totCells[i]] += ap;
          cells[c] += ap;
          net.stakeTotal[s] += ap;
          result.takes += take;
        } else result.takes += creditHotkeyDividend(net, s, hk, owner, takesU16[i], ap, recs[i]);
        result.toValidatorsAlpha += ap;
      }
      if (rp > 0) {
        const rr = rootRecs[i];
        result.takes += creditRootDividend(net, s, hk, owner, takesU16[i], rp, rr, rr === undefined ? undefined : rootSplitOf(cache, i, rr));
        result.toRootStakers += rp;
      }
    }
  }
  return result;
}
