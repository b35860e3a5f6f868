/**
 * Staking and unstaking as swaps through the subnet's pool (stake_into_subnet /
 * unstake_from_subnet, staking/stake_utils.rs at subtensor 14bc6f9f):
 *  - stake: TAO leaves the coldkey; the swap fee goes to the block author (our `feesTao`);
 *    the rest, up to the price limit, enters the TAO reserve; the alpha out becomes the
 *    (hotkey, coldkey) stake; refused when the alpha out is 0 ('AMOUNT_TOO_LOW'). The TAO that
 *    entered (amount paid in) is recorded as inflow for the flow rule.
 *  - unstake: alpha leaves the stake; the fee is taken in alpha and swapped fee-less for TAO for
 *    the block author; the part past the price limit is refunded to the stake; the TAO out goes
 *    to the coldkey. TAO out plus the author's TAO is recorded as outflow.
 *  - root (netuid 0): TAO stake 1:1, no pool, no fee.
 * Every refusal (bad input, swap error, balance) throws before anything changes.
 */
import { assertExact, MAX_EXACT } from './exact.ts';
import {
  addFees,
  addRootStake,
  assertAccountId,
  assertLiveSubnet,
  claimHotkey,
  creditFree,
  creditStake,
  debitFree,
  debitStake,
  stakeOf,
  SUBNET_UNIT_LIMIT,
  type Network,
} from './network.ts';
import {
  R_AMOUNT_OUT,
  R_DELTA_IN,
  R_FEE,
  R_PRICE_AFTER,
  R_PRICE_BEFORE,
  R_REFUND,
  SIDE_STAKE,
  SIDE_UNSTAKE,
  swapErrorDetail,
  swapKernel,
  SwapRefused,
  SWAP_ERRORS,
  SWAP_OK,
} from './pool.ts';

export interface StakeResult {
  /** TAO (stake) or alpha (unstake) taken from the staker. */
  amountIn: number;
  fee: number;
  /** Alpha (stake) or TAO (unstake) received. */
  amountOut: number;
  /** Input returned because the price limit was reached. */
  refund: number;
  priceBefore: number;
  priceAfter: number;
}

export interface StakeOrder {
  coldkey: number;
  hotkey: number;
  netuid: number;
  /** rao (stake) or alpha units (unstake), a positive integer. */
  amount: number;
  /** TAO per alpha; default none. */
  limitPrice?: number;
  /** Swap without the pool's fee (the chain's `drop_fees`: a move's destination leg). Default false. */
  dropFee?: boolean;
}

function checkOrder(net: Network, o: StakeOrder): void {
  assertAccountId('coldkey', o.coldkey);
  assertAccountId('hotkey', o.hotkey);
  if (!Number.isInteger(o.amount) || o.amount <= 0 || o.amount > MAX_EXACT) throw new RangeError(`amount: ${o.amount} is not a positive integer below 2^53`);
  if (o.limitPrice !== undefined && !(o.limitPrice >= 0)) throw new RangeError(`limitPrice: ${o.limitPrice} is not a number >= 0`);
  if (o.netuid !== 0) assertLiveSubnet(net, o.netuid);
}

/**
 * The swap a subnet stake makes, computed without changing anything (left in net.swapOut), and
 * its refusals: the pool's codes, no alpha out, a TAO reserve past the unit limit.
 */
function stakeSwap(net: Network, o: StakeOrder): Float64Array {
  const s = o.netuid;
  const r = net.swapOut;
  const code = swapKernel(
    net.curve[s], net.taoReserve[s], net.alphaIn[s], net.quoteWeight[s], SIDE_STAKE, o.amount,
    o.dropFee === true ? 0 : net.feeRateU16[s], o.limitPrice ?? Infinity, net.params.minimumReserve, r,
  );
  if (code !== SWAP_OK) throw new SwapRefused(SWAP_ERRORS[code], swapErrorDetail(code));
  if (r[R_AMOUNT_OUT] === 0) throw new SwapRefused('ZERO_AMOUNT', 'AMOUNT_TOO_LOW: the stake buys no alpha');
  if (net.taoReserve[s] + r[R_DELTA_IN] > SUBNET_UNIT_LIMIT) throw new RangeError(`UNIT_OVERFLOW: subnet ${s}'s TAO reserve would pass 2^53 - 2^34 rao`);
  return r;
}

function checkBalance(coldkey: number, have: bigint, amount: number): void {
  if (have < BigInt(amount)) throw new RangeError(`INSUFFICIENT_BALANCE: coldkey ${coldkey} holds ${have} rao, not ${amount}`);
}

/**
 * Throws exactly what `addStake(net, o)` would throw if the coldkey held `freeRao`, and changes
 * nothing: the second leg of a move checked before its first leg runs.
 */
export function checkAddStake(net: Network, o: StakeOrder, freeRao: bigint): void {
  checkOrder(net, o);
  checkBalance(o.coldkey, freeRao, o.amount);
  if (o.netuid !== 0) stakeSwap(net, o);
}

/** Stakes TAO from a coldkey to a hotkey on a subnet (netuid 0: root). */
export function addStake(net: Network, o: StakeOrder): StakeResult {
  checkOrder(net, o);
  const owner = net.hotkeyOwner.get(o.hotkey);
  checkBalance(o.coldkey, net.freeTao.get(o.coldkey) ?? 0n, o.amount);
  if (o.netuid === 0) {
    if (owner === undefined) claimHotkey(net, o.hotkey, o.coldkey);
    debitFree(net, o.coldkey, BigInt(o.amount));
    addRootStake(net, o.hotkey, o.coldkey, BigInt(o.amount));
    return { amountIn: o.amount, fee: 0, amountOut: o.amount, refund: 0, priceBefore: 1, priceAfter: 1 };
  }
  const s = o.netuid;
  const r = stakeSwap(net, o);
  // --- mutate ---
  if (owner === undefined) claimHotkey(net, o.hotkey, o.coldkey);
  const paid = o.amount - r[R_REFUND];
  debitFree(net, o.coldkey, BigInt(paid));
  net.taoReserve[s] += r[R_DELTA_IN];
  net.alphaIn[s] -= r[R_AMOUNT_OUT];
  net.alphaOut[s] += r[R_AMOUNT_OUT];
  creditStake(net, s, o.hotkey, o.coldkey, r[R_AMOUNT_OUT]);
  addFees(net, r[R_FEE]);
  net.taoFlow[s] += r[R_DELTA_IN];
  return {
    amountIn: paid,
    fee: r[R_FEE],
    amountOut: r[R_AMOUNT_OUT],
    refund: r[R_REFUND],
    priceBefore: r[R_PRICE_BEFORE],
    priceAfter: r[R_PRICE_AFTER],
  };
}

// An unstake's plan (unstakePlan): what the swap and the author's fee swap do to the pool.
const U_Y1 = 0; // TAO reserve after (fee swap included)
const U_X1 = 1; // alpha reserve after
const U_TAO_OUT = 2;
const U_FEE = 3;
const U_FEE_TAO = 4;
const U_FEE_ALPHA_IN = 5;
const U_DELTA_IN = 6;
const U_REFUND = 7;
const U_PRICE_BEFORE = 8;
const U_PRICE_AFTER = 9;
const unstakeScratch = new Float64Array(10);

/**
 * An unstake of `amount` alpha from a pool at (y TAO, x alpha), computed without changing
 * anything: the swap, then the author's fee (alpha swapped fee-less for TAO after it). Throws
 * the pool's refusal. One computation for removeStake and for quoting a move's first leg.
 */
function unstakePlan(net: Network, s: number, amount: number, limitPrice: number, y: number, x: number, plan: Float64Array): Float64Array {
  const r = net.swapOut;
  const code = swapKernel(net.curve[s], y, x, net.quoteWeight[s], SIDE_UNSTAKE, amount, net.feeRateU16[s], limitPrice, net.params.minimumReserve, r);
  if (code !== SWAP_OK) throw new SwapRefused(SWAP_ERRORS[code], swapErrorDetail(code));
  const deltaIn = r[R_DELTA_IN];
  const taoOut = r[R_AMOUNT_OUT];
  const fee = r[R_FEE];
  plan[U_TAO_OUT] = taoOut;
  plan[U_FEE] = fee;
  plan[U_DELTA_IN] = deltaIn;
  plan[U_REFUND] = r[R_REFUND];
  plan[U_PRICE_BEFORE] = r[R_PRICE_BEFORE];
  const y1 = y - taoOut;
  const x1 = x + deltaIn;
  let feeTao = 0;
  let feeAlphaIn = 0;
  if (fee > 0) {
    const c2 = swapKernel(net.curve[s], y1, x1, net.quoteWeight[s], SIDE_UNSTAKE, fee, 0, 0, 0, r);
    if (c2 === SWAP_OK) {
      feeTao = r[R_AMOUNT_OUT];
      feeAlphaIn = r[R_DELTA_IN];
    }
  }
  plan[U_FEE_TAO] = feeTao;
  plan[U_FEE_ALPHA_IN] = feeAlphaIn;
  plan[U_Y1] = y1 - feeTao;
  plan[U_X1] = x1 + feeAlphaIn;
  plan[U_PRICE_AFTER] = r[R_PRICE_AFTER];
  return plan;
}

/**
 * The TAO (rao) that `orders`, run one after another with removeStake, would pay out, computed
 * without changing anything; throws the refusal the first refused one would. All orders are on
 * one subnet (or all on root). A move's first leg is quoted with it, so that the move can check
 * its second leg before either runs.
 */
export function quoteRemoveStakes(net: Network, orders: readonly StakeOrder[]): number {
  let total = 0;
  if (orders.length === 0) return 0;
  const s = orders[0].netuid;
  let y = s === 0 ? 0 : net.taoReserve[s];
  let x = s === 0 ? 0 : net.alphaIn[s];
  for (const o of orders) {
    checkOrder(net, o);
    if (o.netuid !== s) throw new RangeError(`orders: netuid ${o.netuid} after ${s}; quote one subnet's orders at a time`);
    if (s === 0) {
      const have = net.rootStakes.get(o.hotkey)?.byColdkey.get(o.coldkey) ?? 0n;
      if (have < BigInt(o.amount)) throw new RangeError(`INSUFFICIENT_STAKE: hotkey ${o.hotkey} / coldkey ${o.coldkey} holds ${have} rao on root, not ${o.amount}`);
      total += o.amount;
      continue;
    }
    const held = stakeOf(net, s, o.hotkey, o.coldkey);
    if (held < o.amount) throw new RangeError(`INSUFFICIENT_STAKE: hotkey ${o.hotkey} / coldkey ${o.coldkey} holds ${held} alpha on subnet ${s}, not ${o.amount}`);
    const p = unstakePlan(net, s, o.amount, o.limitPrice ?? 0, y, x, unstakeScratch);
    y = p[U_Y1];
    x = p[U_X1];
    total += p[U_TAO_OUT];
  }
  return total;
}

/** Unstakes alpha from a (hotkey, coldkey) stake into the coldkey's free TAO (netuid 0: root TAO). */
export function removeStake(net: Network, o: StakeOrder): StakeResult {
  checkOrder(net, o);
  if (o.netuid === 0) {
    const h = net.rootStakes.get(o.hotkey);
    const have = h?.byColdkey.get(o.coldkey) ?? 0n;
    const a = BigInt(o.amount);
    if (!h || have < a) throw new RangeError(`INSUFFICIENT_STAKE: hotkey ${o.hotkey} / coldkey ${o.coldkey} holds ${have} rao on root, not ${o.amount}`);
    h.byColdkey.set(o.coldkey, have - a);
    if (have === a) h.byColdkey.delete(o.coldkey);
    h.version++;
    h.total -= a;
    net.rootTaoTotal -= a;
    net.rootTaoFloat = Number(net.rootTaoTotal);
    creditFree(net, o.coldkey, a);
    return { amountIn: o.amount, fee: 0, amountOut: o.amount, refund: 0, priceBefore: 1, priceAfter: 1 };
  }
  const s = o.netuid;
  const held = stakeOf(net, s, o.hotkey, o.coldkey);
  if (held < o.amount) throw new RangeError(`INSUFFICIENT_STAKE: hotkey ${o.hotkey} / coldkey ${o.coldkey} holds ${held} alpha on subnet ${s}, not ${o.amount}`);
  const p = unstakePlan(net, s, o.amount, o.limitPrice ?? 0, net.taoReserve[s], net.alphaIn[s], unstakeScratch);
  const taoOut = p[U_TAO_OUT];
  const fee = p[U_FEE];
  const refund = p[U_REFUND];
  const feeTao = p[U_FEE_TAO];
  const feeAlphaIn = p[U_FEE_ALPHA_IN];
  // --- mutate ---
  debitStake(net, s, o.hotkey, o.coldkey, o.amount - refund);
  net.taoReserve[s] = p[U_Y1];
  net.alphaIn[s] = p[U_X1];
  net.alphaOut[s] -= p[U_DELTA_IN] + feeAlphaIn;
  // A fee too small to buy any TAO is burned alpha (the chain burns it when there is no author).
  const feeBurned = fee - feeAlphaIn;
  if (feeBurned > 0) net.alphaBurned[s] += feeBurned;
  creditFree(net, o.coldkey, BigInt(taoOut));
  addFees(net, feeTao);
  net.taoFlow[s] -= taoOut + feeTao;
  return {
    amountIn: o.amount - refund,
    fee,
    amountOut: taoOut,
    refund,
    priceBefore: p[U_PRICE_BEFORE],
    priceAfter: p[U_PRICE_AFTER],
  };
}

/** Sets a hotkey's take (u16 / 65535); only its owner may. */
export function setHotkeyTake(net: Network, coldkey: number, hotkey: number, takeU16: number): void {
  if (!Number.isInteger(takeU16) || takeU16 < 0 || takeU16 > 65535) throw new RangeError(`takeU16: ${takeU16} is not an integer in [0, 65535]`);
  const owner = net.hotkeyOwner.get(hotkey);
  if (owner === undefined) claimHotkey(net, hotkey, coldkey);
  else if (owner !== coldkey) throw new RangeError(`hotkey: ${hotkey} is owned by coldkey ${owner}, not ${coldkey}`);
  net.hotkeyTakeU16.set(hotkey, takeU16);
  net.takesVersion++;
}

/**
 * Moves free TAO between coldkeys (the balances pallet's transfer; no fee, no existential
 * deposit modelled). Throws 'INSUFFICIENT_BALANCE' before anything changes.
 */
export function transferTao(net: Network, from: number, to: number, rao: bigint): void {
  assertAccountId('from', from);
  assertAccountId('to', to);
  if (rao < 0n) throw new RangeError(`rao: ${rao} is negative`);
  debitFree(net, from, rao);
  creditFree(net, to, rao);
}

export { assertExact, creditStake };
