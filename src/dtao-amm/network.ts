/**
 * The dTAO ledger as plain data. Per-subnet quantities are struct-of-arrays indexed by netuid
 * (0 is root, which holds TAO stake, not a pool): Float64Arrays of integers, exact because every
 * per-subnet alpha bucket is bounded by the subnet's alpha minted and every step adds less than
 * 2^33, and the step refuses to run once a subnet's minted alpha or TAO reserve passes
 * SUBNET_UNIT_LIMIT (see `assertSubnetBounds`). Totals that can pass 2^53 (free balances, root
 * stake, the network's minted / recycled / burned TAO) are bigints; the hot loop adds to float
 * "pending" counters that are flushed into the bigints before they could lose a unit.
 *
 * Identities (checked by `conservationReport`):
 *   TAO:   genesis + minted = free + pool reserves + root stake + fees + recycled + burned
 *   alpha: minted[s] = alphaIn + stakes + protocol alpha + pending (4 kinds) + recycled + burned
 *          alphaOut[s] = minted - alphaIn - recycled (the chain's SubnetAlphaOut)
 */
import { chainHalvingCount, chainHalvingThreshold, rewardAfterHalvings } from '../emission/index.ts';
import { assertExact, MAX_EXACT } from './exact.ts';
import { CHAIN_DTAO_PARAMS, type DtaoParams, type ShareRule, SHARE_RULES, validateParams } from './params.ts';
import { CURVE_CONSTANT_PRODUCT, CURVE_WEIGHTED, type CurveName, CURVE_NAMES, SWAP_RESULT_SIZE } from './pool.ts';

/** Per-subnet units stay below this; each block adds < 2^33 to any of them. */
export const SUBNET_UNIT_LIMIT = MAX_EXACT - 2 ** 34;
/** Pending float counters are flushed into bigints past this. */
const FLUSH_AT = 2 ** 52;

/**
 * A hotkey's stakes on a subnet. Amounts (alpha units, integers) live in the network's cell
 * slab `alphaCells`, not in the records: a credit writes a Float64Array element (a record's
 * double field would be a separate heap box, one more cache miss per stake credited), and an
 * epoch's credits to a subnet's stakes land in the slab's few kilobytes made for that subnet.
 */
export interface HotkeyStake {
  /** Cell of the sum of byColdkey's stakes. */
  cell: number;
  /** coldkey -> cell of its stake under this hotkey (a cell is freed when its stake reaches 0). */
  byColdkey: Map<number, number>;
}

/** A hotkey record's total (alpha units). */
export function hotkeyTotal(net: Network, h: HotkeyStake): number {
  return net.alphaCells[h.cell];
}

/**
 * A free cell of the slab holding `v` (the slab doubles when full: read `net.alphaCells` again
 * after any call that may make a record). Freed cells are reused last-freed first.
 */
export function allocCell(net: Network, v: number): number {
  let i: number;
  if (net.freeCellCount > 0) i = net.freeCells[--net.freeCellCount];
  else {
    i = net.cellsUsed++;
    if (i >= net.alphaCells.length) {
      const grown = new Float64Array(net.alphaCells.length * 2);
      grown.set(net.alphaCells);
      net.alphaCells = grown;
    }
  }
  net.alphaCells[i] = v;
  return i;
}

/** Returns a cell to the slab's free list (its value zeroed). */
export function freeCell(net: Network, i: number): void {
  net.alphaCells[i] = 0;
  if (net.freeCellCount >= net.freeCells.length) {
    const grown = new Int32Array(net.freeCells.length * 2);
    grown.set(net.freeCells);
    net.freeCells = grown;
  }
  net.freeCells[net.freeCellCount++] = i;
}

/** Adds alpha (an integer, > 0 or < 0) to the coldkey's stake under `h`, its cell made when missing. Not the total. */
export function addAlpha(net: Network, h: HotkeyStake, coldkey: number, alpha: number): void {
  const c = h.byColdkey.get(coldkey);
  if (c === undefined) h.byColdkey.set(coldkey, allocCell(net, alpha));
  else net.alphaCells[c] += alpha;
}

/**
 * A subnet's stakes by hotkey: a Map whose `members` counter moves at every set, delete and clear,
 * so a reader that keeps the records it looked up (a record is mutated in place while its hotkey
 * stays) knows when to look them up again.
 */
export class StakeMap extends Map<number, HotkeyStake> {
  members = 0;
  override set(hotkey: number, h: HotkeyStake): this {
    this.members++;
    return super.set(hotkey, h);
  }
  override delete(hotkey: number): boolean {
    this.members++;
    return super.delete(hotkey);
  }
  override clear(): void {
    this.members++;
    super.clear();
  }
}

export interface RootHotkeyStake {
  total: bigint;
  byColdkey: Map<number, bigint>;
  /**
   * Moves at every change of `byColdkey` (addRootStake, removeStake on root: its only writers),
   * so a reader that keeps a copy of the nominators and their stakes (creditEpoch's root split)
   * knows when to copy them again.
   */
  version: number;
}

export interface Network {
  params: DtaoParams;
  rule: ShareRule;
  /** Highest netuid the arrays hold (subnets are 1..maxNetuid). */
  maxNetuid: number;
  /** The next block to step. */
  block: number;

  // --- per subnet (index = netuid) ---
  exists: Uint8Array;
  /** FirstEmissionBlockNumber is set (start_call done). */
  started: Uint8Array;
  /** SubnetEmissionEnabled: TAO-side share (alpha still flows when 0). */
  emissionEnabled: Uint8Array;
  curve: Uint8Array;
  tempo: Float64Array;
  firstEmissionBlock: Float64Array;
  lastEpochBlock: Float64Array;
  /** PendingEpochAt: 0 = none. */
  pendingEpochAt: Float64Array;
  registeredAt: Float64Array;
  ownerColdkey: Int32Array;
  ownerHotkey: Int32Array;
  lockedRao: Float64Array;
  feeRateU16: Float64Array;

  taoReserve: Float64Array;
  alphaIn: Float64Array;
  alphaOut: Float64Array;
  quoteWeight: Float64Array;
  protocolAlpha: Float64Array;
  stakeTotal: Float64Array;
  pendingServer: Float64Array;
  pendingValidator: Float64Array;
  pendingRoot: Float64Array;
  pendingOwner: Float64Array;
  alphaMinted: Float64Array;
  alphaRecycled: Float64Array;
  alphaBurned: Float64Array;

  movingPrice: Float64Array;
  minerBurned: Float64Array;
  /** SubnetTaoFlow (this block's net user flow, rao) and its EMA. */
  taoFlow: Float64Array;
  taoFlowEma: Float64Array;
  protocolFlow: Float64Array;
  protocolFlowEma: Float64Array;

  /** Cached alpha block reward and the alpha-issuance range where it holds. */
  alphaReward: Float64Array;
  alphaRewardLow: Float64Array;
  alphaRewardHigh: Float64Array;

  // --- last block's routing (read by the simulator / recorders) ---
  lastTaoEmission: Float64Array;
  lastTaoIn: Float64Array;
  lastAlphaIn: Float64Array;
  lastExcessTao: Float64Array;
  lastChainBought: Float64Array;
  lastAlphaOut: Float64Array;
  share: Float64Array;

  // --- epochs drained this block ---
  epochCount: number;
  epochNetuids: Int32Array;
  drainedServer: Float64Array;
  drainedValidator: Float64Array;
  drainedRoot: Float64Array;
  drainedOwner: Float64Array;

  // --- accounts ---
  freeTao: Map<number, bigint>;
  hotkeyOwner: Map<number, number>;
  hotkeyTakeU16: Map<number, number>;
  /** Bumped whenever a take is set (creditEpoch's cached takes are re-read after a change). */
  takesVersion: number;
  /** Bumped whenever a (hotkey, coldkey) stake record is removed (creditEpoch's cached records are looked up again). */
  coldkeyStakesRemoved: number;
  stakes: StakeMap[];
  /** The stake records' amounts (alpha units), by cell (`HotkeyStake`); replaced by a larger copy when full. */
  alphaCells: Float64Array;
  /** Cells handed out so far (the high-water mark); freed ones are in freeCells[0..freeCellCount). */
  cellsUsed: number;
  freeCells: Int32Array;
  freeCellCount: number;
  /** Root stake by hotkey; a record, once made, is never removed (only its amounts change). */
  rootStakes: Map<number, RootHotkeyStake>;
  rootTaoTotal: bigint;
  /** rootTaoTotal as a float (for root_proportion). */
  rootTaoFloat: number;

  // --- TAO totals ---
  genesisTao: bigint;
  mintedTao: bigint;
  mintedPending: number;
  recycledTao: bigint;
  recycledPending: number;
  burnedTao: bigint;
  /** Swap fees paid to block authors (a holding). */
  feesTao: bigint;
  feesPending: number;

  // --- registration ---
  lastLockRao: bigint;
  lastLockBlock: number;

  /** Scratch for kernels (sized maxNetuid + 1). */
  scratchA: Float64Array;
  scratchB: Float64Array;
  emitting: Uint8Array;
  swapOut: Float64Array;
  /**
   * Derived data, per netuid s at [5s, 5s + 5): the curve, TAO reserve, alpha reserve and quote
   * weight `stepBlock` last priced the pool at, then that spot price. spotPrice is a pure function
   * of those four, so where they are unchanged the kept price is the price, bit for bit.
   */
  spotCache: Float64Array;
  /** Subnets drained this block whose epoch results are not yet credited. */
  drainedOpen: number;
  /** 1 for a subnet drained this block and not yet credited. */
  drainOpenFlag: Uint8Array;
  /**
   * Derived data, per netuid: the last hotkey list creditEpoch validated there, with each
   * hotkey's owner and take (owners never change once claimed; takes are re-read when
   * takesVersion moves). Lets an epoch with the same hotkeys skip the per-hotkey map lookups.
   */
  creditCache: Array<CreditCache | undefined>;
}

/** See `Network.creditCache`. */
export interface CreditCache {
  hotkeys: Int32Array;
  owners: Int32Array;
  takesU16: Float64Array;
  takesVersion: number;
  /**
   * Per hotkey: its stake record on the subnet and its root record as last looked up (undefined:
   * none then), valid while the subnet's StakeMap shows `recsMembers` and the root map holds
   * `recsRootSize` records (root records are never removed). A record, while in its map, is the
   * hotkey's live stake; an undefined one is looked up again before use.
   */
  recs: (HotkeyStake | undefined)[];
  rootRecs: (RootHotkeyStake | undefined)[];
  /** Per hotkey: recs[i]'s total cell (-1: no record). */
  totCells: Int32Array;
  /** Per hotkey: the (hotkey, owner) stake's cell under recs[i] as last looked up (-1: none), valid while also `coldkeyStakesRemoved` has not moved. */
  ownCells: Int32Array;
  recsMembers: number;
  recsRootSize: number;
  recsCellsRemoved: number;
  /** Per hotkey: its root nominators and their stakes as floats, copied from rootRecs[i] at a version (`rootSplitOf`). */
  rootSplits: (RootSplit | undefined)[];
}

/** A root record's nominators (Map order) and stakes (Number(rao), exact below 2^53) at `version`. */
export interface RootSplit {
  rec: RootHotkeyStake;
  version: number;
  n: number;
  keys: Int32Array;
  w: Float64Array;
  /**
   * cells[j]: the (hotkey, keys[j]) stake's cell on the cache's subnet as last looked up or made
   * (-1: not yet), valid while the hotkey's record there is `cellsOf` and
   * `coldkeyStakesRemoved` is `cellsRemoved` (-1: never valid).
   */
  cells: Int32Array;
  cellsOf: HotkeyStake | undefined;
  cellsRemoved: number;
}

export interface NetworkOptions {
  params?: Partial<DtaoParams>;
  /** Highest netuid (default 128). */
  maxNetuid?: number;
  block?: number;
  rule?: ShareRule;
  /** Free TAO at genesis. */
  balances?: ReadonlyArray<{ coldkey: number; rao: bigint }>;
  /** Root stake at genesis (TAO on netuid 0). */
  rootStake?: ReadonlyArray<{ hotkey: number; coldkey: number; rao: bigint }>;
}

function f64(n: number): Float64Array {
  return new Float64Array(n);
}

export function createNetwork(opts: NetworkOptions = {}): Network {
  const params: DtaoParams = { ...CHAIN_DTAO_PARAMS, ...(opts.params ?? {}) };
  validateParams(params);
  const maxNetuid = opts.maxNetuid ?? 128;
  if (!Number.isInteger(maxNetuid) || maxNetuid < 1 || maxNetuid > 65534) throw new RangeError(`maxNetuid: ${maxNetuid} is not an integer in [1, 65534]`);
  const block = opts.block ?? 0;
  if (!Number.isInteger(block) || block < 0) throw new RangeError(`block: ${block} is not a non-negative integer`);
  const rule = opts.rule ?? 'price-burn';
  assertRule(rule);
  const n = maxNetuid + 1;
  const net: Network = {
    params,
    rule,
    maxNetuid,
    block,
    exists: new Uint8Array(n),
    started: new Uint8Array(n),
    emissionEnabled: new Uint8Array(n),
    curve: new Uint8Array(n),
    tempo: f64(n),
    firstEmissionBlock: f64(n),
    lastEpochBlock: f64(n),
    pendingEpochAt: f64(n),
    registeredAt: f64(n),
    ownerColdkey: new Int32Array(n),
    ownerHotkey: new Int32Array(n),
    lockedRao: f64(n),
    feeRateU16: f64(n),
    taoReserve: f64(n),
    alphaIn: f64(n),
    alphaOut: f64(n),
    quoteWeight: f64(n),
    protocolAlpha: f64(n),
    stakeTotal: f64(n),
    pendingServer: f64(n),
    pendingValidator: f64(n),
    pendingRoot: f64(n),
    pendingOwner: f64(n),
    alphaMinted: f64(n),
    alphaRecycled: f64(n),
    alphaBurned: f64(n),
    movingPrice: f64(n),
    minerBurned: f64(n),
    taoFlow: f64(n),
    taoFlowEma: f64(n),
    protocolFlow: f64(n),
    protocolFlowEma: f64(n),
    alphaReward: f64(n),
    alphaRewardLow: f64(n),
    alphaRewardHigh: f64(n),
    lastTaoEmission: f64(n),
    lastTaoIn: f64(n),
    lastAlphaIn: f64(n),
    lastExcessTao: f64(n),
    lastChainBought: f64(n),
    lastAlphaOut: f64(n),
    share: f64(n),
    epochCount: 0,
    epochNetuids: new Int32Array(n),
    drainedServer: f64(n),
    drainedValidator: f64(n),
    drainedRoot: f64(n),
    drainedOwner: f64(n),
    freeTao: new Map(),
    hotkeyOwner: new Map(),
    hotkeyTakeU16: new Map(),
    takesVersion: 0,
    coldkeyStakesRemoved: 0,
    stakes: Array.from({ length: n }, () => new StakeMap()),
    alphaCells: new Float64Array(1024),
    cellsUsed: 0,
    freeCells: new Int32Array(64),
    freeCellCount: 0,
    rootStakes: new Map(),
    rootTaoTotal: 0n,
    rootTaoFloat: 0,
    genesisTao: 0n,
    mintedTao: 0n,
    mintedPending: 0,
    recycledTao: 0n,
    recycledPending: 0,
    burnedTao: 0n,
    feesTao: 0n,
    feesPending: 0,
    lastLockRao: params.minLockRao,
    lastLockBlock: 0,
    scratchA: f64(n),
    scratchB: f64(n),
    emitting: new Uint8Array(n),
    swapOut: f64(SWAP_RESULT_SIZE),
    spotCache: new Float64Array(5 * n).fill(Number.NaN),
    drainedOpen: 0,
    drainOpenFlag: new Uint8Array(n),
    creditCache: new Array<CreditCache | undefined>(n).fill(undefined),
  };
  for (const b of opts.balances ?? []) {
    assertAccountId('coldkey', b.coldkey);
    if (b.rao < 0n) throw new RangeError(`balances: coldkey ${b.coldkey} has a negative balance`);
    net.freeTao.set(b.coldkey, (net.freeTao.get(b.coldkey) ?? 0n) + b.rao);
    net.genesisTao += b.rao;
  }
  for (const r of opts.rootStake ?? []) {
    assertAccountId('hotkey', r.hotkey);
    assertAccountId('coldkey', r.coldkey);
    if (r.rao < 0n) throw new RangeError(`rootStake: hotkey ${r.hotkey} has a negative stake`);
    claimHotkey(net, r.hotkey, r.coldkey);
    addRootStake(net, r.hotkey, r.coldkey, r.rao);
    net.genesisTao += r.rao;
  }
  return net;
}

export function assertRule(rule: string): asserts rule is ShareRule {
  if (!(SHARE_RULES as readonly string[]).includes(rule)) {
    throw new RangeError(`rule: '${rule}' is not a share rule: use one of ${SHARE_RULES.join(', ')}`);
  }
}

export function assertAccountId(what: string, id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > 2_147_483_647) throw new RangeError(`${what}: ${id} is not an account id (an integer in [0, 2^31))`);
}

export function assertLiveSubnet(net: Network, netuid: number): void {
  if (!Number.isInteger(netuid) || netuid < 1 || netuid > net.maxNetuid || net.exists[netuid] !== 1) {
    throw new RangeError(`netuid: ${netuid} is not a registered subnet`);
  }
}

/** Records the hotkey's owner on first use; refuses a hotkey owned by another coldkey. */
export function claimHotkey(net: Network, hotkey: number, coldkey: number): void {
  const owner = net.hotkeyOwner.get(hotkey);
  if (owner === undefined) {
    net.hotkeyOwner.set(hotkey, coldkey);
    net.hotkeyTakeU16.set(hotkey, net.params.defaultTakeU16);
    net.takesVersion++;
  } else if (owner !== coldkey) {
    throw new RangeError(`hotkey: ${hotkey} is owned by coldkey ${owner}, not ${coldkey}`);
  }
}

export function addRootStake(net: Network, hotkey: number, coldkey: number, rao: bigint): void {
  let h = net.rootStakes.get(hotkey);
  if (!h) {
    h = { total: 0n, byColdkey: new Map(), version: 0 };
    net.rootStakes.set(hotkey, h);
  }
  h.total += rao;
  h.byColdkey.set(coldkey, (h.byColdkey.get(coldkey) ?? 0n) + rao);
  h.version++;
  net.rootTaoTotal += rao;
  net.rootTaoFloat = Number(net.rootTaoTotal);
}

export function curveFromName(name: CurveName): number {
  if (!(CURVE_NAMES as readonly string[]).includes(name)) throw new RangeError(`curve: '${name}' is not one of ${CURVE_NAMES.join(', ')}`);
  return name === 'constant-product' ? CURVE_CONSTANT_PRODUCT : CURVE_WEIGHTED;
}

/** Alpha issuance as the chain counts it: SubnetAlphaIn + SubnetAlphaOut. */
export function alphaIssuance(net: Network, netuid: number): number {
  return net.alphaIn[netuid] + net.alphaOut[netuid];
}

/** Re-derives the cached alpha block reward for the subnet's current alpha issuance. */
export function refreshAlphaReward(net: Network, s: number): void {
  const issuance = BigInt(alphaIssuance(net, s));
  const cap = net.params.alphaCapRao;
  if (issuance >= cap) {
    net.alphaReward[s] = 0;
    net.alphaRewardLow[s] = Number(cap);
    net.alphaRewardHigh[s] = Infinity;
    return;
  }
  const k = chainHalvingCount(issuance, cap);
  net.alphaReward[s] = Number(rewardAfterHalvings(k, net.params.alphaInitialRewardRao));
  net.alphaRewardLow[s] = k === 0 ? 0 : Number(chainHalvingThreshold(k, cap));
  net.alphaRewardHigh[s] = Number(chainHalvingThreshold(k + 1, cap));
}

/** The step's guard that keeps every per-subnet field an exact float64 integer. */
export function assertSubnetBounds(net: Network, s: number): void {
  if (net.alphaMinted[s] > SUBNET_UNIT_LIMIT || net.taoReserve[s] > SUBNET_UNIT_LIMIT) {
    throw new RangeError(
      `UNIT_OVERFLOW: subnet ${s} holds more than 2^53 - 2^34 units (alpha minted ${net.alphaMinted[s]}, TAO reserve ${net.taoReserve[s]}); the float64 ledger cannot stay exact`,
    );
  }
}

// --- TAO totals with float pending counters (hot path adds, flush keeps them exact) ---

export function addMinted(net: Network, rao: number): void {
  net.mintedPending += rao;
  if (net.mintedPending >= FLUSH_AT) flushTotals(net);
}

export function addRecycled(net: Network, rao: number): void {
  net.recycledPending += rao;
  if (net.recycledPending >= FLUSH_AT) flushTotals(net);
}

export function addFees(net: Network, rao: number): void {
  net.feesPending += rao;
  if (net.feesPending >= FLUSH_AT) flushTotals(net);
}

export function flushTotals(net: Network): void {
  net.mintedTao += BigInt(net.mintedPending);
  net.recycledTao += BigInt(net.recycledPending);
  net.feesTao += BigInt(net.feesPending);
  net.mintedPending = 0;
  net.recycledPending = 0;
  net.feesPending = 0;
}

export function totalMintedTao(net: Network): bigint {
  return net.mintedTao + BigInt(net.mintedPending);
}
export function totalRecycledTao(net: Network): bigint {
  return net.recycledTao + BigInt(net.recycledPending);
}
export function totalFeesTao(net: Network): bigint {
  return net.feesTao + BigInt(net.feesPending);
}

export function freeBalance(net: Network, coldkey: number): bigint {
  return net.freeTao.get(coldkey) ?? 0n;
}

export function stakeOf(net: Network, netuid: number, hotkey: number, coldkey: number): number {
  const c = net.stakes[netuid]?.get(hotkey)?.byColdkey.get(coldkey);
  return c === undefined ? 0 : net.alphaCells[c];
}

export function hotkeyStakeOnSubnet(net: Network, netuid: number, hotkey: number): number {
  const h = net.stakes[netuid]?.get(hotkey);
  return h === undefined ? 0 : net.alphaCells[h.cell];
}

export function rootStakeOf(net: Network, hotkey: number): bigint {
  return net.rootStakes.get(hotkey)?.total ?? 0n;
}

/** creditStake for the hotkey whose live record on the subnet is `h` (no lookup). */
export function creditRecord(net: Network, netuid: number, h: HotkeyStake, coldkey: number, alpha: number): void {
  if (alpha === 0) return;
  net.alphaCells[h.cell] += alpha;
  addAlpha(net, h, coldkey, alpha);
  net.stakeTotal[netuid] += alpha;
}

/** Adds alpha to a (hotkey, coldkey) stake on a subnet (no swap). */
export function creditStake(net: Network, netuid: number, hotkey: number, coldkey: number, alpha: number): void {
  if (alpha === 0) return;
  creditRecord(net, netuid, hotkeyStakeOf(net, netuid, hotkey), coldkey, alpha);
}

/** The hotkey's stake record on the subnet, made (empty) and kept when it has none. */
export function hotkeyStakeOf(net: Network, netuid: number, hotkey: number): HotkeyStake {
  const m = net.stakes[netuid];
  let h = m.get(hotkey);
  if (h === undefined) {
    h = { cell: allocCell(net, 0), byColdkey: new Map() };
    m.set(hotkey, h);
  }
  return h;
}

/** Removes alpha from a stake; throws 'INSUFFICIENT_STAKE' (nothing changed) if it is not there. */
export function debitStake(net: Network, netuid: number, hotkey: number, coldkey: number, alpha: number): void {
  const h = net.stakes[netuid].get(hotkey);
  const c = h?.byColdkey.get(coldkey);
  const have = c === undefined ? 0 : net.alphaCells[c];
  if (!h || have < alpha) throw new RangeError(`INSUFFICIENT_STAKE: hotkey ${hotkey} / coldkey ${coldkey} holds ${have} alpha on subnet ${netuid}, not ${alpha}`);
  const left = have - alpha;
  if (left === 0) {
    h.byColdkey.delete(coldkey);
    if (c !== undefined) freeCell(net, c);
    net.coldkeyStakesRemoved++;
  }
  else if (c !== undefined) net.alphaCells[c] = left;
  else h.byColdkey.set(coldkey, allocCell(net, left));
  net.alphaCells[h.cell] -= alpha;
  if (net.alphaCells[h.cell] === 0) {
    net.stakes[netuid].delete(hotkey);
    freeStakeRecord(net, h);
  }
  net.stakeTotal[netuid] -= alpha;
}

/** Frees a removed hotkey record's cells (its total's and any stake's left under it). */
export function freeStakeRecord(net: Network, h: HotkeyStake): void {
  h.byColdkey.forEach((c) => freeCell(net, c));
  freeCell(net, h.cell);
}

export function creditFree(net: Network, coldkey: number, rao: bigint): void {
  net.freeTao.set(coldkey, (net.freeTao.get(coldkey) ?? 0n) + rao);
}

export function debitFree(net: Network, coldkey: number, rao: bigint): void {
  const have = net.freeTao.get(coldkey) ?? 0n;
  if (have < rao) throw new RangeError(`INSUFFICIENT_BALANCE: coldkey ${coldkey} holds ${have} rao, not ${rao}`);
  net.freeTao.set(coldkey, have - rao);
}

export { assertExact };
