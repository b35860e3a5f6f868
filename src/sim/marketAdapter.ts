/**
 * The MarketPort over the dTAO ledger (src/dtao-amm, through its index.ts): the engine's
 * subnets, neurons, stakers and market events become ledger accounts and operations.
 *
 * - Accounts: agent ids map to integer ids in order of first use (market/accounts.ts). A
 *   neuron's hotkey and coldkey share its id; subnet n's owner is `owner/<n>`; stakers' coldkeys
 *   are their agent ids. `world` holds the TAO of everyone the scenario does not model: the
 *   start issuance minus the initial pool reserves. A staker's wallet is funded from it on
 *   demand (a transfer), so total TAO in the ledger stays the issuance the run started from.
 * - Subnets present at the start are seeded (seedSubnet) with the scenario's reserves, curve,
 *   tempo and fee once their neurons are known (at the first block); validators' own stake is
 *   genesis alpha. A subnet registered mid-run is seeded with its reserves paid by `world`.
 * - Stakers delegate to the subnet's neuron with the most alpha stake (ties: lowest uid; none:
 *   the owner's hotkey) and keep that hotkey for later stakes; root stake is split evenly over
 *   that neuron of every live subnet (a root validator validates everywhere).
 * - Epochs: the ledger drains pending in `onBlock`; `epochsDue` lists the drained subnets
 *   (tempo, PendingEpochAt, MaxEpochsPerBlock are the ledger's); `distribute` credits Yuma's
 *   incentive and dividends (creditEpoch). An epoch nobody distributed by the next block (no
 *   consensus connected) is credited empty: the owner cut is paid, the rest burned, counted in
 *   `stats`.
 * See docs/scenarios.md, "Integration" and "The dTAO market".
 */
import * as dtao from '../dtao-amm/index.ts';
import type { EpochEmission, EpochResult, MarketEvent, MarketPort, SubnetReading } from './ports.ts';
import type { Scenario } from './scenario.ts';
import type { SubnetConfig } from './scenarioSchema.ts';
import { accountId, createAccountIds, ownerName, SHOCK, WORLD, type AccountIds } from './market/accounts.ts';
import { flowParams, ledgerRule } from './market/shareRule.ts';

export interface DtaoMarketOptions {
  /** Run the ledger's full conservation report every N blocks (1: every block). Default 1024. */
  readonly fullCheckEvery?: number;
}

export interface MarketStats {
  /** Epochs drained that nobody distributed (no consensus): owner cut paid, the rest burned. */
  undistributedEpochs: number;
  undistributedAlpha: number;
  /** Full conservation reports run. */
  fullChecks: number;
  /** Neurons joining mid-run whose own stake could not be bought (world too poor, pool refused). */
  joinStakeRefused: number;
}

export interface DtaoMarket extends MarketPort {
  readonly net: dtao.Network;
  readonly accounts: AccountIds;
  readonly stats: MarketStats;
  /** The ledger's hotkey id at a subnet's uid (-1: none). */
  hotkeyAt(netuid: number, uid: number): number;
  /** The ledger's account id of an agent id / name ('world', 'owner/1', 'passive-staker/0', ...). */
  idOf(name: string): number;
}

interface Slot {
  readonly netuid: number;
  readonly config: SubnetConfig;
  seeded: boolean;
  readonly midRun: boolean;
  n: number;
  hotkeys: Int32Array;
  deregistered: Uint8Array;
  /**
   * readStake's lookups, per uid: the cell (in net.alphaCells) of the hotkey's stake total on the
   * subnet (-1: no record, or no live neuron) and its root record (undefined: none, or no live
   * neuron), valid while the subnet's StakeMap has `recsMembers` members changes, the root map
   * `recsRootSize` records, and no neuron joined or left (-1). A record's cell is its own while it
   * is in its map (freed only when it leaves, which moves `members`).
   */
  stakeCells: Int32Array;
  rootRecs: (dtao.RootHotkeyStake | undefined)[];
  recsMembers: number;
  recsRootSize: number;
  genesisStakes: Array<{ hotkey: number; coldkey: number; alpha: number }>;
  takeU16: number;
  readonly minerBurned: number;
  // distribute buffers (length m = n, or n + 1 with the owner's burn), regrown when n changes
  m: number;
  ehk: Int32Array;
  einc: Float64Array;
  ediv: Float64Array;
  eparts: Float64Array;
  edivParts: Float64Array;
  credit: dtao.EpochCredit;
  /**
   * `distribute`'s check that uids [0, liveN) all hold a live neuron (-1: not known): kept until a
   * neuron registers or deregisters on the subnet, or its uid arrays grow.
   */
  liveN: number;
  /** slot.hotkeys[0, n) as a view, for n = hotkeysViewN (made again when either changes). */
  hotkeysView: Int32Array;
  hotkeysViewN: number;
}

const EMPTY_I = new Int32Array(0);
const EMPTY_F = new Float64Array(0);
const CODE = /^([A-Z][A-Z0-9_]*)(:|$)/;

/** A ledger refusal as the engine's short code; anything else is a bug and is rethrown. */
function refusal(e: unknown): Error {
  if (e instanceof dtao.SwapRefused) return new Error(e.code);
  if (e instanceof Error) {
    const m = CODE.exec(e.message);
    if (m) return new Error(m[1]);
  }
  return e instanceof Error ? e : new Error(String(e));
}

function maxNetuidOf(scenario: Scenario): number {
  let m = 1;
  for (const s of scenario.subnets) m = Math.max(m, s.netuid);
  for (const e of scenario.events) if (e.kind === 'register-subnet') m = Math.max(m, e.subnet.netuid);
  return m;
}

function toUnits(rao: bigint, what: string): number {
  if (rao > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what}: ${rao} units is past 2^53; the ledger cannot hold it exactly`);
  return Number(rao);
}

export function createDtaoMarket(scenario: Scenario, options: DtaoMarketOptions = {}): DtaoMarket {
  const fullEvery = options.fullCheckEvery ?? 1024;
  if (!Number.isInteger(fullEvery) || fullEvery < 1) throw new RangeError(`fullCheckEvery: ${fullEvery} is not a positive integer`);
  const accounts = createAccountIds();
  const idOf = (name: string) => accountId(accounts, name);
  const world = idOf(WORLD);
  let reserves = 0n;
  for (const s of scenario.subnets) reserves += s.initial_reserves.tao;
  const worldRao = scenario.startIssuanceRao > reserves ? scenario.startIssuanceRao - reserves : 0n;
  const net = dtao.createNetwork({
    maxNetuid: maxNetuidOf(scenario),
    block: scenario.startBlock,
    rule: ledgerRule(scenario.shareRule.rule),
    params: { ...flowParams(scenario.shareRule), ownerCutU16: scenario.subnets[0].owner_cut },
    balances: worldRao > 0n ? [{ coldkey: world, rao: worldRao }] : [],
  });
  const maxS = net.maxNetuid;
  const tw = dtao.taoWeightFraction(net.params);
  const slots: (Slot | undefined)[] = new Array(maxS + 1);
  const unseeded: Slot[] = [];
  const positions = new Map<number, Map<number, number[]>>();
  const stats: MarketStats = { undistributedEpochs: 0, undistributedAlpha: 0, fullChecks: 0, joinStakeRefused: 0 };

  // conservation bookkeeping (per block, no allocation unless an operation made it dirty)
  const prevReserve = new Float64Array(maxS + 1);
  let heldPrev = 0n; // free + root + fees
  let heldDelta = 0;
  let dirty = true;
  let baselined = false;
  let ledgerRecycled = 0;
  let carryRecycled = 0;

  /** Subnet s's alpha held outside its pool: stakes, protocol alpha, pending and drained buckets, burned. */
  function alphaHeld(s: number): number {
    return (
      net.stakeTotal[s] + net.protocolAlpha[s] + net.pendingServer[s] + net.pendingValidator[s] + net.pendingRoot[s] + net.pendingOwner[s] +
      net.drainedServer[s] + net.drainedValidator[s] + net.drainedRoot[s] + net.drainedOwner[s] + net.alphaBurned[s]
    );
  }
  function heldOutsidePools(): bigint {
    let free = 0n;
    for (const v of net.freeTao.values()) free += v;
    return free + net.rootTaoTotal + dtao.totalFeesTao(net);
  }
  function settleHeld(): void {
    const h = heldOutsidePools();
    heldDelta += Number(h - heldPrev);
    heldPrev = h;
    dirty = false;
  }
  function baseline(): void {
    for (let s = 1; s <= maxS; s++) prevReserve[s] = net.taoReserve[s];
    heldPrev = heldOutsidePools();
    heldDelta = 0;
    dirty = false;
    baselined = true;
  }

  function slotOf(netuid: number): Slot {
    const s = Number.isInteger(netuid) && netuid >= 1 && netuid <= maxS ? slots[netuid] : undefined;
    if (!s) throw new Error('SUBNET_NOT_EXISTS');
    return s;
  }

  function growSlot(slot: Slot, n: number): void {
    if (n <= slot.hotkeys.length) return;
    const cap = Math.max(n, slot.hotkeys.length * 2, 8);
    const hk = new Int32Array(cap).fill(-1);
    hk.set(slot.hotkeys);
    const dr = new Uint8Array(cap);
    dr.set(slot.deregistered);
    slot.hotkeys = hk;
    slot.deregistered = dr;
    slot.liveN = -1;
    slot.hotkeysViewN = -1;
    slot.stakeCells = new Int32Array(cap).fill(-1);
    slot.rootRecs = new Array<dtao.RootHotkeyStake | undefined>(cap).fill(undefined);
    slot.recsMembers = -1;
  }

  /**
   * Makes the slot's stake cells current (see Slot.stakeCells): the records are mutated in
   * place while their hotkeys hold stake, so they are looked up again only when a record was made
   * or removed on the subnet or root, or a neuron joined or left.
   */
  function currentStakeRecords(slot: Slot): void {
    const m = net.stakes[slot.netuid];
    if (slot.recsMembers === m.members && slot.recsRootSize === net.rootStakes.size) return;
    for (let uid = 0; uid < slot.n; uid++) {
      const hk = slot.hotkeys[uid];
      const live = hk >= 0 && slot.deregistered[uid] === 0;
      const h = live ? m.get(hk) : undefined;
      slot.stakeCells[uid] = h === undefined ? -1 : h.cell;
      slot.rootRecs[uid] = live ? net.rootStakes.get(hk) : undefined;
    }
    slot.recsMembers = m.members;
    slot.recsRootSize = net.rootStakes.size;
  }

  function seed(slot: Slot): void {
    const c = slot.config;
    const owner = idOf(ownerName(slot.netuid));
    const curve = c.pool.curve;
    dtao.seedSubnet(net, {
      netuid: slot.netuid,
      ownerColdkey: owner,
      ownerHotkey: owner,
      taoReserve: toUnits(c.initial_reserves.tao, `subnets[${slot.netuid}].initial_reserves.tao`),
      alphaReserve: toUnits(c.initial_reserves.alpha, `subnets[${slot.netuid}].initial_reserves.alpha`),
      curve,
      quoteWeight: curve === 'weighted' ? c.pool.tao_weight : 0.5,
      tempo: c.tempo,
      feeRateU16: c.pool.fee,
      stakes: slot.genesisStakes,
      firstEmissionBlock: slot.midRun ? net.block : 0,
      fundedBy: slot.midRun ? world : undefined,
    });
    slot.genesisStakes = [];
    slot.seeded = true;
    for (let uid = 0; uid < slot.n; uid++) {
      const hk = slot.hotkeys[uid];
      if (hk >= 0) dtao.setHotkeyTake(net, hk, hk, slot.takeU16);
    }
  }

  function flush(): void {
    if (unseeded.length === 0) return;
    for (const slot of unseeded) seed(slot);
    unseeded.length = 0;
    dirty = true;
  }

  /** Owner cut paid, the rest burned: an epoch nobody distributed (no consensus connected). */
  function creditEmpty(s: number): void {
    stats.undistributedEpochs++;
    stats.undistributedAlpha += net.drainedServer[s] + net.drainedValidator[s] + net.drainedRoot[s];
    dtao.creditEpoch(net, s, EMPTY_I, EMPTY_F, EMPTY_F);
  }

  function resolveUndistributed(): void {
    if (net.drainedOpen === 0) return;
    for (let k = 0; k < net.epochCount; k++) {
      const s = net.epochNetuids[k];
      if (net.drainOpenFlag[s]) creditEmpty(s);
    }
  }

  /** The neuron with the most alpha stake on a seeded subnet (ties: lowest uid); else the owner. */
  function delegateOf(slot: Slot): number {
    currentStakeRecords(slot);
    const stakeCells = slot.stakeCells;
    const cells = net.alphaCells;
    let best = -1;
    let bestStake = 0;
    for (let uid = 0; uid < slot.n; uid++) {
      // -1 for an empty or deregistered uid, or a hotkey with no stake record (0 stake)
      const c = stakeCells[uid];
      if (c < 0) continue;
      const hk = slot.hotkeys[uid];
      const st = cells[c];
      if (st > bestStake) {
        best = hk;
        bestStake = st;
      }
    }
    return best >= 0 ? best : net.ownerHotkey[slot.netuid];
  }

  function liveSlot(netuid: number): Slot {
    const slot = slotOf(netuid);
    if (!slot.seeded || net.exists[netuid] !== 1) throw new Error('SUBNET_NOT_EXISTS');
    return slot;
  }

  function hotkeysOf(c: number, netuid: number): number[] {
    let m = positions.get(c);
    if (!m) {
      m = new Map();
      positions.set(c, m);
    }
    let l = m.get(netuid);
    if (!l) {
      l = [];
      m.set(netuid, l);
    }
    return l;
  }

  function remember(c: number, netuid: number, hk: number): void {
    const l = hotkeysOf(c, netuid);
    if (!l.includes(hk)) l.push(hk);
  }

  /** Tops a wallet up from `world` to `rao`; returns what it moved (to undo on refusal). */
  function fund(c: number, rao: bigint): bigint {
    const have = dtao.freeBalance(net, c);
    if (have >= rao) return 0n;
    const short = rao - have;
    if (dtao.freeBalance(net, world) < short) throw new Error('INSUFFICIENT_BALANCE');
    dtao.transferTao(net, world, c, short);
    return short;
  }

  function checkAmount(x: bigint): number {
    if (x <= 0n) throw new Error('AMOUNT_TOO_LOW');
    if (x > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('AMOUNT_TOO_LARGE');
    return Number(x);
  }

  /**
   * Stakes `rao` of c's free TAO on a subnet (its delegate) or on root (split); throws a code.
   * `dropFee`: without the pool's fee (a move's destination leg; root has no fee).
   */
  function stakeFree(c: number, netuid: number, rao: number, dropFee = false): void {
    if (netuid === 0) {
      const targets: number[] = [];
      for (let s = 1; s <= maxS; s++) {
        const slot = slots[s];
        if (slot && slot.seeded && net.exists[s]) targets.push(existingOr(c, 0, delegateOf(slot), s));
      }
      if (targets.length === 0) throw new Error('NO_ROOT_VALIDATOR');
      const each = Math.floor(rao / targets.length);
      let rest = rao - each * targets.length;
      for (const hk of targets) {
        const part = each + (rest > 0 ? 1 : 0);
        if (rest > 0) rest--;
        if (part === 0) continue;
        dtao.addStake(net, { coldkey: c, hotkey: hk, netuid: 0, amount: part });
        remember(c, 0, hk);
      }
      return;
    }
    const slot = liveSlot(netuid);
    const hk = existingOr(c, netuid, delegateOf(slot), -1);
    dtao.addStake(net, { coldkey: c, hotkey: hk, netuid, amount: rao, dropFee });
    remember(c, netuid, hk);
  }

  /** The hotkey c already stakes through (on `netuid`; for root, the one on subnet `sub`), else `fallback`. */
  function existingOr(c: number, netuid: number, fallback: number, sub: number): number {
    const l = positions.get(c)?.get(netuid);
    if (!l || l.length === 0) return fallback;
    if (netuid !== 0) return l[0];
    for (const hk of l) {
      const slot = slots[sub];
      if (slot && slot.hotkeys.includes(hk)) return hk;
    }
    return fallback;
  }

  function heldBy(c: number, netuid: number): number {
    const l = positions.get(c)?.get(netuid);
    if (!l) return 0;
    let t = 0;
    for (const hk of l) t += netuid === 0 ? Number(net.rootStakes.get(hk)?.byColdkey.get(c) ?? 0n) : dtao.stakeOf(net, netuid, hk, c);
    return t;
  }

  /** The removeStake orders that take `amount` from c's positions on a subnet, in position order. */
  function unstakeOrders(c: number, netuid: number, amount: number): dtao.StakeOrder[] {
    if (netuid !== 0) liveSlot(netuid);
    if (heldBy(c, netuid) < amount) throw new Error('INSUFFICIENT_STAKE');
    const orders: dtao.StakeOrder[] = [];
    let left = amount;
    for (const hk of hotkeysOf(c, netuid)) {
      if (left === 0) break;
      const have = netuid === 0 ? Number(net.rootStakes.get(hk)?.byColdkey.get(c) ?? 0n) : dtao.stakeOf(net, netuid, hk, c);
      const take = Math.min(have, left);
      if (take === 0) continue;
      orders.push({ coldkey: c, hotkey: hk, netuid, amount: take });
      left -= take;
    }
    return orders;
  }

  function unstakeHeld(c: number, netuid: number, amount: number): void {
    for (const o of unstakeOrders(c, netuid, amount)) dtao.removeStake(net, o);
  }

  /** Throws what stakeFree(c, netuid, rao) would throw were c's wallet `freeRao`; changes nothing. */
  function checkStakeFree(c: number, netuid: number, rao: number, freeRao: bigint, dropFee: boolean): void {
    if (netuid === 0) {
      let targets = 0;
      for (let s = 1; s <= maxS; s++) {
        const slot = slots[s];
        if (slot && slot.seeded && net.exists[s]) targets++;
      }
      if (targets === 0) throw new Error('NO_ROOT_VALIDATOR');
      // Each part is a root stake of at most `rao`, which the wallet holds: root refuses nothing else.
      dtao.checkAddStake(net, { coldkey: c, hotkey: c, netuid: 0, amount: rao }, freeRao);
      return;
    }
    const slot = liveSlot(netuid);
    const hk = existingOr(c, netuid, delegateOf(slot), -1);
    dtao.checkAddStake(net, { coldkey: c, hotkey: hk, netuid, amount: rao, dropFee }, freeRao);
  }

  function guarded(op: () => void): void {
    flush();
    dirty = true;
    try {
      op();
    } catch (e) {
      throw refusal(e);
    }
  }

  const market: DtaoMarket = {
    net,
    accounts,
    stats,
    idOf,
    hotkeyAt(netuid, uid) {
      const slot = slots[netuid];
      return slot && uid < slot.n ? slot.hotkeys[uid] : -1;
    },

    addSubnet(config, block) {
      const s = config.netuid;
      if (!Number.isInteger(s) || s < 1 || s > maxS) throw new RangeError(`subnet ${s}: netuid outside 1..${maxS}`);
      if (slots[s] && net.exists[s]) throw new RangeError(`subnet ${s}: already registered`);
      if (config.owner_cut !== net.params.ownerCutU16) {
        throw new RangeError(
          `subnets[netuid=${s}].owner_cut: ${config.owner_cut}, but the chain's SubnetOwnerCut is one value for every subnet (${net.params.ownerCutU16} here); give all subnets the same owner_cut`,
        );
      }
      const midRun = block > scenario.startBlock || baselined;
      const slot: Slot = {
        netuid: s,
        config,
        seeded: false,
        midRun,
        n: 0,
        hotkeys: new Int32Array(0),
        deregistered: new Uint8Array(0),
        stakeCells: EMPTY_I,
        rootRecs: [],
        recsMembers: -1,
        recsRootSize: -1,
        genesisStakes: [],
        takeU16: config.hyperparameters.validator_take,
        minerBurned: config.miner_burned,
        m: -1,
        ehk: EMPTY_I,
        einc: EMPTY_F,
        ediv: EMPTY_F,
        eparts: EMPTY_F,
        edivParts: EMPTY_F,
        credit: { ownerCut: 0, toMiners: 0, burnedIncentive: 0, toValidatorsAlpha: 0, toRootStakers: 0, takes: 0, burnedUnassigned: 0 },
        liveN: -1,
        hotkeysView: EMPTY_I,
        hotkeysViewN: -1,
      };
      slots[s] = slot;
      unseeded.push(slot);
      idOf(ownerName(s));
    },

    removeSubnet(netuid) {
      flush();
      const slot = slotOf(netuid);
      if (net.exists[netuid]) {
        if (net.drainOpenFlag[netuid]) creditEmpty(netuid);
        const d = dtao.deregisterSubnet(net, netuid);
        ledgerRecycled += d.recycledRao;
        carryRecycled += d.recycledRao;
        dirty = true;
      }
      slots[netuid] = undefined;
      void slot;
    },

    registerNeuron(netuid, uid, hotkey, stakeRao, block) {
      void block;
      const slot = slotOf(netuid);
      growSlot(slot, uid + 1);
      const hk = idOf(hotkey);
      slot.hotkeys[uid] = hk;
      slot.deregistered[uid] = 0;
      slot.recsMembers = -1;
      slot.liveN = -1;
      slot.hotkeysViewN = -1;
      if (uid >= slot.n) slot.n = uid + 1;
      if (!slot.seeded) {
        if (stakeRao > 0n) slot.genesisStakes.push({ hotkey: hk, coldkey: hk, alpha: toUnits(stakeRao, `stake of ${hotkey}`) });
        return;
      }
      dirty = true;
      dtao.setHotkeyTake(net, hk, hk, slot.takeU16);
      if (stakeRao === 0n) return;
      // A neuron joining mid-run buys its own stake: stake x spot price TAO from `world`.
      const tao = Math.ceil(Number(stakeRao) * market.priceTao(netuid));
      let moved = 0n;
      try {
        moved = fund(hk, BigInt(tao));
        dtao.addStake(net, { coldkey: hk, hotkey: hk, netuid, amount: tao });
      } catch {
        if (moved > 0n) dtao.transferTao(net, hk, world, moved);
        stats.joinStakeRefused++;
      }
    },

    deregisterNeuron(netuid, uid) {
      const slot = slotOf(netuid);
      if (uid < slot.n) slot.deregistered[uid] = 1;
      slot.recsMembers = -1;
      slot.liveN = -1;
    },

    applyEvent(e: MarketEvent, block) {
      flush();
      dirty = true;
      switch (e.kind) {
        case 'set-share-rule':
          Object.assign(net.params, flowParams(e.share_rule));
          dtao.setShareRule(net, ledgerRule(e.share_rule.rule));
          break;
        case 'set-pool-curve':
          dtao.setSubnetCurve(net, liveSlot(e.netuid).netuid, e.curve);
          break;
        case 'set-owner-cut':
          // The chain's SubnetOwnerCut is global: the event sets it for every subnet.
          net.params.ownerCutU16 = e.owner_cut;
          break;
        case 'set-hyperparameter': {
          if (e.name !== 'validator_take') break; // the others are the consensus's
          const slot = slots[e.netuid];
          if (!slot) break;
          slot.takeU16 = e.value;
          if (slot.seeded) for (let uid = 0; uid < slot.n; uid++) if (slot.hotkeys[uid] >= 0) dtao.setHotkeyTake(net, slot.hotkeys[uid], slot.hotkeys[uid], e.value);
          break;
        }
        case 'price-shock': {
          const s = liveSlot(e.netuid).netuid;
          const c = idOf(SHOCK);
          const amount = toUnits(e.amount, 'price-shock.amount');
          if (e.side === 'buy') {
            let moved = 0n;
            try {
              moved = fund(c, e.amount);
              dtao.addStake(net, { coldkey: c, hotkey: c, netuid: s, amount });
            } catch (err) {
              if (moved > 0n) dtao.transferTao(net, c, world, moved);
              throw new Error(`price-shock at block ${block}: buying with ${e.amount} rao on subnet ${s} was refused (${refusal(err).message}); the world account holds ${dtao.freeBalance(net, world)} rao`);
            }
          } else {
            const held = dtao.stakeOf(net, s, c, c);
            if (held < amount) {
              throw new Error(
                `price-shock at block ${block}: a sell shock sells alpha that earlier buy shocks bought; subnet ${s} holds ${held} of the ${amount} alpha units asked`,
              );
            }
            try {
              dtao.removeStake(net, { coldkey: c, hotkey: c, netuid: s, amount });
            } catch (err) {
              throw new Error(`price-shock at block ${block}: selling ${amount} alpha units on subnet ${s} was refused (${refusal(err).message})`);
            }
          }
          break;
        }
      }
    },

    onBlock(block, mintedRao) {
      flush();
      if (!baselined) baseline();
      resolveUndistributed();
      if (net.block !== block) throw new RangeError(`onBlock: the ledger is at block ${net.block}, the engine at ${block}`);
      const r = dtao.stepBlock(net, mintedRao);
      ledgerRecycled = r;
      const out = r + carryRecycled;
      carryRecycled = 0;
      return out;
    },

    epochsDue(block, out) {
      void block;
      let k = 0;
      for (let j = 0; j < net.epochCount; j++) {
        const s = net.epochNetuids[j];
        if (net.drainOpenFlag[s]) out[k++] = s;
      }
      return k;
    },

    readStake(netuid, out) {
      const slot = slotOf(netuid);
      currentStakeRecords(slot);
      const stakeCells = slot.stakeCells;
      const cells = net.alphaCells;
      const roots = slot.rootRecs;
      for (let uid = 0; uid < slot.n; uid++) {
        const c = stakeCells[uid];
        const root = roots[uid];
        // A uid with no record (or no live neuron) reads 0, as hotkeyStakeOnSubnet gives for it.
        const alpha = c < 0 ? 0 : cells[c];
        out[uid] = (alpha + (root !== undefined ? Number(root.total) * tw : 0)) / 1e9;
      }
    },

    distribute(netuid, block, result: EpochResult, n, out: EpochEmission) {
      void block;
      const slot = slotOf(netuid);
      if (n > slot.n) throw new RangeError(`distribute: subnet ${netuid} has ${slot.n} neurons, the engine passed ${n}`);
      const burn = slot.minerBurned;
      const m = burn > 0 ? n + 1 : n;
      if (slot.m !== m) {
        slot.m = m;
        slot.ehk = new Int32Array(m);
        slot.einc = new Float64Array(m);
        slot.ediv = new Float64Array(m);
        slot.eparts = new Float64Array(m);
        slot.edivParts = new Float64Array(m);
      }
      const { eparts, edivParts, deregistered, hotkeys } = slot;
      const { incentive, dividends } = result;
      const ownerHotkey = net.ownerHotkey[netuid];
      if (slot.liveN !== n) {
        let live = true;
        for (let i = 0; i < n; i++) if (deregistered[i] === 1 || hotkeys[i] < 0) live = false;
        slot.liveN = live ? n : -1;
      }
      if (burn === 0 && slot.liveN === n && incentive.length === n && dividends.length === n) {
        // No burn and every uid live: the vectors below would be copies (incentive x (1 - 0) is
        // the incentive to the bit), so creditEpoch reads Yuma's and the hotkeys' own.
        if (slot.hotkeysViewN !== n) {
          slot.hotkeysView = hotkeys.subarray(0, n);
          slot.hotkeysViewN = n;
        }
        const credit = dtao.creditEpochInto(net, netuid, slot.hotkeysView, incentive, dividends, slot.credit, eparts, edivParts);
        const { minerAlpha, validatorAlpha } = out;
        for (let i = 0; i < n; i++) {
          const gained = (hotkeys[i] === ownerHotkey ? credit.ownerCut : eparts[i]) + edivParts[i];
          minerAlpha[i] = eparts[i];
          validatorAlpha[i] = gained - eparts[i];
        }
        return;
      }
      const { ehk, einc, ediv } = slot;
      for (let i = 0; i < n; i++) {
        const hk = hotkeys[i];
        const gone = deregistered[i] === 1 || hk < 0;
        ehk[i] = hk;
        einc[i] = gone ? 0 : incentive[i] * (1 - burn);
        ediv[i] = gone ? 0 : dividends[i];
      }
      if (m > n) {
        // miner_burned: the owner weights its own hotkey, and incentive aimed there is burned.
        let inc = 0;
        for (let i = 0; i < n; i++) inc += einc[i];
        ehk[n] = ownerHotkey;
        einc[n] = inc > 0 ? burn : 0;
        ediv[n] = 0;
      }
      // creditEpoch hands back the miners' parts of the server alpha and the dividend parts.
      const credit = dtao.creditEpochInto(net, netuid, ehk, einc, ediv, slot.credit, eparts, edivParts);
      const { minerAlpha, validatorAlpha } = out;
      for (let i = 0; i < n; i++) {
        const gone = deregistered[i] === 1 || hotkeys[i] < 0;
        // What the hotkey's stake here gained: its miner part (the owner's hotkey burns it and
        // takes the owner cut instead) and its dividend parts, take included (creditEpochInto).
        const gained = gone ? 0 : (ehk[i] === ownerHotkey ? credit.ownerCut : eparts[i]) + edivParts[i];
        minerAlpha[i] = eparts[i];
        validatorAlpha[i] = gained - eparts[i];
      }
    },

    readSubnet(netuid, r: SubnetReading) {
      const s = netuid;
      r.emissionShare = net.share[s];
      r.taoInRao = net.lastTaoIn[s];
      r.alphaInRao = net.lastAlphaIn[s];
      r.alphaOutRao = net.lastAlphaOut[s];
      r.chainBuyTaoRao = net.lastChainBought[s] > 0 ? net.lastExcessTao[s] : 0;
      r.price = market.priceTao(s);
      r.movingPrice = net.movingPrice[s];
      r.taoReserveRao = net.taoReserve[s];
      r.alphaReserveRao = net.alphaIn[s];
      r.pendingServerAlpha = net.pendingServer[s];
      r.pendingValidatorAlpha = net.pendingValidator[s];
      r.pendingOwnerAlpha = net.pendingOwner[s];
      r.pendingRootAlpha = net.pendingRoot[s];
    },

    priceTao(netuid) {
      if (!(netuid >= 1 && netuid <= maxS) || net.exists[netuid] !== 1) return Number.NaN;
      return dtao.spotPrice(net.curve[netuid], net.taoReserve[netuid], net.alphaIn[netuid], net.quoteWeight[netuid]);
    },

    checkConservation(block, mintedRao, recycledRao) {
      flush();
      if (dirty) settleHeld();
      // One pass over the subnets: the TAO reserves' change, and each subnet's alpha identities
      // (the first subnet failing one is kept and reported after the TAO checks, as two passes did).
      const { taoReserve, exists, alphaIn, alphaOut, alphaRecycled, alphaMinted } = net;
      let dReserve = 0;
      let failing = 0;
      for (let s = 1; s <= maxS; s++) {
        const y = taoReserve[s];
        dReserve += y - prevReserve[s];
        prevReserve[s] = y;
        if (failing === 0 && exists[s] && (alphaIn[s] + alphaOut[s] + alphaRecycled[s] !== alphaMinted[s] || alphaHeld(s) !== alphaOut[s])) failing = s;
      }
      const moved = heldDelta + dReserve;
      const expected = mintedRao - ledgerRecycled;
      heldDelta = 0;
      const recycledHere = ledgerRecycled;
      ledgerRecycled = 0;
      if (moved !== expected) return `TAO held in the ledger moved by ${moved} rao, expected minted ${mintedRao} - recycled ${recycledHere} = ${expected}`;
      if (recycledRao < recycledHere - carryRecycled) return `the engine recycled ${recycledRao} rao, less than the market's ${recycledHere - carryRecycled}`;
      if (failing !== 0) {
        const s = failing;
        if (alphaIn[s] + alphaOut[s] + alphaRecycled[s] !== alphaMinted[s]) return `subnet ${s}: alpha minted ${alphaMinted[s]} != reserve + out + recycled`;
        return `subnet ${s}: alpha out ${alphaOut[s]} != stakes + protocol + pending + burned ${alphaHeld(s)}`;
      }
      if ((block - scenario.startBlock + 1) % fullEvery === 0) {
        stats.fullChecks++;
        const rep = dtao.conservationReport(net);
        if (!rep.ok) return rep.problems[0];
      }
      return null;
    },

    stake(coldkey, netuid, taoRao) {
      guarded(() => {
        const rao = checkAmount(taoRao);
        if (netuid !== 0) liveSlot(netuid);
        const c = idOf(coldkey);
        const moved = fund(c, taoRao);
        try {
          stakeFree(c, netuid, rao);
        } catch (e) {
          if (moved > 0n) dtao.transferTao(net, c, world, moved);
          throw e;
        }
      });
    },

    heldAlpha(coldkey, netuid) {
      // A read must not assign an account id (ids follow the order of first operations).
      const c = accounts.ids.get(coldkey);
      return c === undefined ? 0n : BigInt(heldBy(c, netuid));
    },

    unstake(coldkey, netuid, alphaRao) {
      guarded(() => unstakeHeld(idOf(coldkey), netuid, checkAmount(alphaRao)));
    },

    moveStake(coldkey, fromNetuid, toNetuid, alphaRao) {
      // One extrinsic on chain (do_move_stake -> transition_stake_internal, staking/move_stake.rs
      // @ 14bc6f9f): it happens whole or not at all. Both legs are checked before the first runs:
      // the first leg's TAO out is quoted exactly, then the second leg is checked with it (the
      // destination's pool and delegate do not depend on the first leg, which touches only the
      // origin's pool and stakes and the wallet).
      guarded(() => {
        const amount = checkAmount(alphaRao);
        if (fromNetuid === toNetuid) throw new Error('SAME_SUBNET');
        if (toNetuid !== 0) liveSlot(toNetuid);
        const c = idOf(coldkey);
        const orders = unstakeOrders(c, fromNetuid, amount);
        const taoOut = dtao.quoteRemoveStakes(net, orders);
        // The chain refuses a move worth no TAO (AmountTooLow); its DefaultMinStake floor is not modelled.
        if (taoOut === 0) throw new Error('AMOUNT_TOO_LOW');
        // One fee, as the chain charges it: the origin's when the origin is a subnet (drop_fee_origin
        // = origin is root), else the destination's (drop_fee_destination = !drop_fee_origin).
        const dropDestinationFee = fromNetuid !== 0;
        const before = dtao.freeBalance(net, c);
        checkStakeFree(c, toNetuid, taoOut, before + BigInt(taoOut), dropDestinationFee);
        for (const o of orders) dtao.removeStake(net, o);
        const got = dtao.freeBalance(net, c) - before;
        if (got !== BigInt(taoOut)) throw new Error(`moveStake: the first leg paid ${got} rao, quoted ${taoOut}`);
        stakeFree(c, toNetuid, taoOut, dropDestinationFee);
      });
    },
  };
  return market;
}
