/**
 * One block of dTAO routing: `stepBlock(net, blockEmissionRao)`. The hot path: it walks the
 * struct-of-arrays once per phase, allocates nothing, and keeps every per-subnet field an exact
 * float64 integer. Order follows block_step -> run_coinbase at subtensor 14bc6f9f:
 *
 *  0. fold last block's flows into the EMAs: ema <- (1 - a) ema + a flow, a = factor / i64::MAX
 *     (get_ema_flow, update_ema_protocol_flow; the user EMA is kept warm under every rule).
 *  1. emitting subnets = registered and started (get_subnets_to_emit_to).
 *  2. shares by the named rule (shares.ts); subnets with emission disabled get 0 and the rest
 *     are renormalized (get_subnet_block_emissions). TAO share_i = floor(E * share_i); the
 *     rao left over is recycled (the chain recycles its unspent credit the same way).
 *  3. get_subnet_terms: alpha_emission = block reward on the subnet's alpha issuance;
 *     alpha_in = tao_emission / price, capped at root_proportion * alpha_emission (then
 *     tao_in = alpha_in * price); root_proportion = w R / (w R + alpha_issuance) with R the root
 *     TAO and w the TAO weight; excess = tao_emission - tao_in.
 *  4. inject_and_maybe_swap: re-weight the pool for (tao_in, alpha_in) (weighted curve; a
 *     refused re-weight injects nothing and the TAO is recycled), buy alpha with the excess
 *     (fee-less, no price limit; the alpha is the protocol's: SubnetProtocolAlpha), then add
 *     tao_in and alpha_in to the reserves. Both count as protocol inflow.
 *  5. emit_to_subnets: alpha_out = alpha_emission minted; owner cut = alpha_out x cut;
 *     of the rest r: server = r / 2, root = root_proportion x r / 2, validator = r / 2 - root,
 *     each floored into its pending bucket (the floors' dust is alpha no one holds: the chain
 *     counts it in SubnetAlphaOut, we book it as burned); root goes to pending only when the
 *     root-sell flag is up (sum of emitting moving prices > 1), else it is recycled.
 *  6. drain_pending: for every subnet (netuid order) whose epoch is due — PendingEpochAt > 0
 *     and reached, or block - LastEpochBlock >= tempo — drain its four pending buckets, at
 *     most maxEpochsPerBlock a block; the rest get PendingEpochAt = block + 1 (deferred).
 *  7. update_moving_price for emitting subnets: a = movingAlpha * b / (b + halvingBlocks),
 *     b = block - (firstEmission - 1); mp <- a min(price, 1) + (1 - a) mp.
 *
 * Returns the TAO (rao) recycled this block, for the caller's issuance clock.
 */
import { addMinted, addRecycled, assertSubnetBounds, refreshAlphaReward, type Network } from './network.ts';
import { taoWeightFraction, flowSmoothingFraction } from './params.ts';
import { flowEmaShares, priceBurnShares, priceEmaShares } from './shares.ts';
import {
  CURVE_WEIGHTED,
  R_AMOUNT_OUT,
  R_DELTA_IN,
  R_REFUND,
  reweightForInjection,
  SIDE_STAKE,
  spotPrice,
  swapKernel,
  SWAP_OK,
} from './pool.ts';

export function stepBlock(net: Network, blockEmissionRao: number): number {
  if (!Number.isInteger(blockEmissionRao) || blockEmissionRao < 0 || blockEmissionRao > 2 ** 40) {
    throw new RangeError(`blockEmissionRao: ${blockEmissionRao} is not an integer in [0, 2^40]`);
  }
  if (net.drainedOpen > 0) {
    throw new RangeError(`EPOCH_NOT_CREDITED: ${net.drainedOpen} subnet epoch(s) drained last block were not credited (call creditEpoch)`);
  }
  const block = net.block;
  const maxS = net.maxNetuid;
  const exists = net.exists;
  const emitting = net.emitting;
  const share = net.share;
  const p = net.params;

  // 0-1. flows -> EMAs; emitting set; root-sell flag (sum of moving prices, before the update).
  const a = flowSmoothingFraction(p);
  const netFlow = p.netFlowEnabled;
  let movingSum = 0;
  for (let s = 1; s <= maxS; s++) {
    const e = exists[s] === 1 && net.started[s] === 1 ? 1 : 0;
    emitting[s] = e;
    net.lastTaoEmission[s] = 0;
    net.lastTaoIn[s] = 0;
    net.lastAlphaIn[s] = 0;
    net.lastExcessTao[s] = 0;
    net.lastChainBought[s] = 0;
    net.lastAlphaOut[s] = 0;
    if (!e) continue;
    net.taoFlowEma[s] = (1 - a) * net.taoFlowEma[s] + a * net.taoFlow[s];
    net.taoFlow[s] = 0;
    if (netFlow) {
      net.protocolFlowEma[s] = (1 - a) * net.protocolFlowEma[s] + a * net.protocolFlow[s];
      net.protocolFlow[s] = 0;
    }
    movingSum += net.movingPrice[s];
  }
  const rootSell = movingSum > 1;

  // 2. shares.
  if (net.rule === 'price-ema') priceEmaShares(net, emitting, share);
  else if (net.rule === 'price-burn') priceBurnShares(net, emitting, share);
  else flowEmaShares(net, emitting, share);
  let disabled = false;
  let enabledSum = 0;
  for (let s = 1; s <= maxS; s++) {
    if (!emitting[s]) continue;
    if (net.emissionEnabled[s]) enabledSum += share[s];
    else disabled = true;
  }
  let given = 0;
  for (let s = 1; s <= maxS; s++) {
    if (!emitting[s]) continue;
    if (disabled) share[s] = net.emissionEnabled[s] && enabledSum > 0 ? share[s] / enabledSum : 0;
    const t = Math.floor(blockEmissionRao * share[s]);
    net.lastTaoEmission[s] = t;
    given += t;
  }
  // Float shares can sum to 1 + eps; never hand out more than the block's emission.
  for (let s = maxS; given > blockEmissionRao && s >= 1; s--) {
    if (net.lastTaoEmission[s] > 0) {
      net.lastTaoEmission[s] -= 1;
      given -= 1;
    }
  }
  addMinted(net, blockEmissionRao);
  let recycled = blockEmissionRao - given;

  // 3-5. per subnet terms, injection, chain buys, alpha out.
  const tw = taoWeightFraction(p);
  const rootW = net.rootTaoFloat * tw;
  const cut = p.ownerCutU16 / 65535;
  const out = net.swapOut;
  for (let s = 1; s <= maxS; s++) {
    if (!emitting[s]) continue;
    let issuance = net.alphaIn[s] + net.alphaOut[s];
    if (issuance < net.alphaRewardLow[s] || issuance >= net.alphaRewardHigh[s]) refreshAlphaReward(net, s);
    const alphaEmission = net.alphaReward[s];
    const taoE = net.lastTaoEmission[s];
    const curve = net.curve[s];
    const y = net.taoReserve[s];
    const x = net.alphaIn[s];
    const w2 = net.quoteWeight[s];
    const price = spotPrice(curve, y, x, w2);
    const denom = rootW + issuance;
    const rootProp = denom > 0 ? rootW / denom : 0;
    let alphaInF = price > 0 ? taoE / price : 0;
    let taoInF = taoE;
    const cap = rootProp * alphaEmission;
    if (alphaInF > cap) {
      alphaInF = cap;
      taoInF = alphaInF * price;
    }
    let taoIn = Math.floor(taoInF);
    if (taoIn > taoE) taoIn = taoE;
    let alphaIn = Math.floor(alphaInF);
    const excess = taoE - taoIn;

    // 4. inject (re-weight first), then chain buy on the pre-injection reserves.
    if (curve === CURVE_WEIGHTED && (taoIn > 0 || alphaIn > 0)) {
      const nw = reweightForInjection(w2, y, x, taoIn, alphaIn);
      if (nw !== nw) {
        recycled += taoIn;
        taoIn = 0;
        alphaIn = 0;
      } else {
        net.quoteWeight[s] = nw;
      }
    }
    if (excess > 0) {
      const code = swapKernel(curve, y, x, net.quoteWeight[s], SIDE_STAKE, excess, 0, Infinity, 0, out);
      if (code === SWAP_OK) {
        const bought = out[R_AMOUNT_OUT];
        const paid = out[R_DELTA_IN];
        net.taoReserve[s] = y + paid;
        net.alphaIn[s] = x - bought;
        net.protocolAlpha[s] += bought;
        net.alphaOut[s] += bought;
        net.protocolFlow[s] += paid;
        net.lastChainBought[s] = bought;
        recycled += out[R_REFUND];
      } else {
        recycled += excess;
      }
    }
    net.alphaIn[s] += alphaIn;
    net.alphaMinted[s] += alphaIn;
    net.taoReserve[s] += taoIn;
    net.protocolFlow[s] += taoIn;
    net.lastTaoIn[s] = taoIn;
    net.lastAlphaIn[s] = alphaIn;
    net.lastExcessTao[s] = excess;

    // 5. alpha out and its split; root_proportion is re-read after the injection and this mint, as the chain does.
    const alphaOut = alphaEmission;
    net.alphaMinted[s] += alphaOut;
    net.alphaOut[s] += alphaOut;
    net.lastAlphaOut[s] = alphaOut;
    const ownerCutF = alphaOut * cut;
    const rest = alphaOut - ownerCutF;
    issuance = net.alphaIn[s] + net.alphaOut[s];
    const rp = rootW + issuance > 0 ? rootW / (rootW + issuance) : 0;
    const rootF = rp * rest * 0.5;
    const serverF = rest * 0.5;
    const validatorF = rest - serverF - rootF;
    const ownerCut = Math.floor(ownerCutF);
    const server = Math.floor(serverF);
    const validator = validatorF > 0 ? Math.floor(validatorF) : 0;
    const root = Math.floor(rootF);
    net.pendingOwner[s] += ownerCut;
    net.pendingServer[s] += server;
    net.pendingValidator[s] += validator;
    if (rootSell) {
      net.pendingRoot[s] += root;
    } else {
      net.alphaOut[s] -= root;
      net.alphaRecycled[s] += root;
    }
    const dust = alphaOut - ownerCut - server - validator - root;
    net.alphaBurned[s] += dust;
    assertSubnetBounds(net, s);
  }

  // 6. drain pending for due epochs.
  let ran = 0;
  net.epochCount = 0;
  const cap = p.maxEpochsPerBlock;
  for (let s = 1; s <= maxS; s++) {
    if (!exists[s]) continue;
    const pending = net.pendingEpochAt[s];
    const due = (pending > 0 && block >= pending) || block - net.lastEpochBlock[s] >= net.tempo[s];
    if (!due) continue;
    if (ran >= cap) {
      net.pendingEpochAt[s] = block + 1;
      continue;
    }
    net.drainedServer[s] = net.pendingServer[s];
    net.drainedValidator[s] = net.pendingValidator[s];
    net.drainedRoot[s] = net.pendingRoot[s];
    net.drainedOwner[s] = net.pendingOwner[s];
    net.pendingServer[s] = 0;
    net.pendingValidator[s] = 0;
    net.pendingRoot[s] = 0;
    net.pendingOwner[s] = 0;
    net.epochNetuids[net.epochCount++] = s;
    net.drainOpenFlag[s] = 1;
    ran++;
    net.lastEpochBlock[s] = block;
    net.pendingEpochAt[s] = 0;
  }
  net.drainedOpen = net.epochCount;

  // 7. moving prices, after they were used for this block's shares.
  for (let s = 1; s <= maxS; s++) if (emitting[s]) updateMovingPrice(net, s, block);

  if (recycled > 0) addRecycled(net, recycled);
  net.block = block + 1;
  return recycled;
}

/** Switches the emission share rule mid-run. */
export function setShareRule(net: Network, rule: string): void {
  if (rule !== 'price-ema' && rule !== 'flow-ema' && rule !== 'price-burn') {
    throw new RangeError(`rule: '${rule}' is not a share rule: use one of price-ema, flow-ema, price-burn`);
  }
  net.rule = rule;
}

/**
 * update_moving_price (staking/stake_utils.rs): a = movingAlpha * b / (b + halvingBlocks) with
 * b = block - (firstEmission - 1) (saturating), mp <- a * min(price, 1) + (1 - a) * mp.
 */
export function updateMovingPrice(net: Network, s: number, block: number): void {
  const first = net.firstEmissionBlock[s];
  const start = first > 0 ? first - 1 : 0;
  const b = block > start ? block - start : 0;
  const h = net.params.emaPriceHalvingBlocks;
  const al = b + h > 0 ? (net.params.movingAlpha * b) / (b + h) : 0;
  const price = spotPrice(net.curve[s], net.taoReserve[s], net.alphaIn[s], net.quoteWeight[s]);
  net.movingPrice[s] = al * (price < 1 ? price : 1) + (1 - al) * net.movingPrice[s];
}

/** root_proportion = w R / (w R + alpha issuance), R the root TAO, w the TAO weight (block_step.rs). */
export function rootProportion(net: Network, s: number): number {
  const rootW = net.rootTaoFloat * taoWeightFraction(net.params);
  const d = rootW + net.alphaIn[s] + net.alphaOut[s];
  return d > 0 ? rootW / d : 0;
}
