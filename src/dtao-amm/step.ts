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
import { taoWeightFraction, flowSmoothingFraction, type DtaoParams } from './params.ts';
import { flowEmaShares, priceBurnShares, priceEmaShares } from './shares.ts';
import { CURVE_WEIGHTED, injectionWeight, spotPrice, weightAllowed } from './pool.ts';
import { applyChainBuy } from './chainbuy.ts';

/** Per-block sums handed between the phase kernels (a typed cell: no float is boxed per block). */
const blockSums = new Float64Array(1);
const RECYCLED = 0;

/**
 * taoWeightFraction and flowSmoothingFraction of the last parameters seen, re-derived only when
 * the chain integer changes (Number(bigint) allocates a heap number on every call). Read as
 * fractions[TAO_WEIGHT] / fractions[FLOW_SMOOTHING] after `refreshFractions`.
 */
const fractions = new Float64Array(2);
const TAO_WEIGHT = 0;
const FLOW_SMOOTHING = 1;
let fractionTaoWeightU64 = -1n;
let fractionSmoothingI64 = -1n;

function refreshFractions(p: DtaoParams): void {
  if (p.taoWeightU64 !== fractionTaoWeightU64) {
    fractions[TAO_WEIGHT] = taoWeightFraction(p);
    fractionTaoWeightU64 = p.taoWeightU64;
  }
  if (p.flowSmoothingI64 !== fractionSmoothingI64) {
    fractions[FLOW_SMOOTHING] = flowSmoothingFraction(p);
    fractionSmoothingI64 = p.flowSmoothingI64;
  }
}

export function stepBlock(net: Network, blockEmissionRao: number): number {
  if (!Number.isInteger(blockEmissionRao) || blockEmissionRao < 0 || blockEmissionRao > 2 ** 40) {
    throw new RangeError(`blockEmissionRao: ${blockEmissionRao} is not an integer in [0, 2^40]`);
  }
  if (net.drainedOpen > 0) {
    throw new RangeError(`EPOCH_NOT_CREDITED: ${net.drainedOpen} subnet epoch(s) drained last block were not credited (call creditEpoch)`);
  }
  // Each phase is its own function: V8 optimizes (and inlines the small kernels into) each loop
  // separately, and a rare branch in one phase cannot deoptimize the others.
  refreshFractions(net.params);
  const rootSell = foldFlowsAndMarkEmitting(net);
  if (net.rule === 'price-ema') priceEmaShares(net, net.emitting, net.share);
  else if (net.rule === 'price-burn') priceBurnShares(net, net.emitting, net.share);
  else flowEmaShares(net, net.emitting, net.share);
  splitTaoEmission(net, blockEmissionRao);
  addMinted(net, blockEmissionRao);
  injectAndEmit(net, rootSell);
  drainDueEpochs(net);
  const recycled = blockSums[RECYCLED];
  if (recycled > 0) addRecycled(net, recycled);
  net.block += 1;
  return recycled;
}

/**
 * Steps 0-1: emitting[s] = registered and started; last block's flows folded into the EMAs
 * (ema <- (1 - a) ema + a flow, a = factor / i64::MAX); the per-block outputs cleared.
 * Returns the root-sell flag: sum of emitting moving prices (before this block's update) > 1.
 */
function foldFlowsAndMarkEmitting(net: Network): boolean {
  const maxS = net.maxNetuid;
  const exists = net.exists;
  const started = net.started;
  const emitting = net.emitting;
  const a = fractions[FLOW_SMOOTHING];
  const netFlow = net.params.netFlowEnabled;
  const taoFlow = net.taoFlow;
  const taoFlowEma = net.taoFlowEma;
  const protocolFlow = net.protocolFlow;
  const protocolFlowEma = net.protocolFlowEma;
  const movingPrice = net.movingPrice;
  let movingSum = 0;
  for (let s = 1; s <= maxS; s++) {
    const e = exists[s] === 1 && started[s] === 1 ? 1 : 0;
    emitting[s] = e;
    if (!e) continue;
    taoFlowEma[s] = (1 - a) * taoFlowEma[s] + a * taoFlow[s];
    taoFlow[s] = 0;
    if (netFlow) {
      protocolFlowEma[s] = (1 - a) * protocolFlowEma[s] + a * protocolFlow[s];
      protocolFlow[s] = 0;
    }
    movingSum += movingPrice[s];
  }
  net.lastTaoEmission.fill(0);
  net.lastTaoIn.fill(0);
  net.lastAlphaIn.fill(0);
  net.lastExcessTao.fill(0);
  net.lastChainBought.fill(0);
  net.lastAlphaOut.fill(0);
  return movingSum > 1;
}

/**
 * Step 2 after the rule's shares: subnets with emission disabled get 0 and the rest are
 * renormalized; TAO share_i = floor(E * share_i), never more than E in total (float shares can
 * sum to 1 + eps: the highest netuids give back a rao each). The rao left over is recycled.
 */
function splitTaoEmission(net: Network, blockEmissionRao: number): void {
  const maxS = net.maxNetuid;
  const emitting = net.emitting;
  const share = net.share;
  const enabled = net.emissionEnabled;
  const taoEmission = net.lastTaoEmission;
  let disabled = false;
  let enabledSum = 0;
  for (let s = 1; s <= maxS; s++) {
    if (!emitting[s]) continue;
    if (enabled[s]) enabledSum += share[s];
    else disabled = true;
  }
  let given = 0;
  for (let s = 1; s <= maxS; s++) {
    if (!emitting[s]) continue;
    if (disabled) share[s] = enabled[s] && enabledSum > 0 ? share[s] / enabledSum : 0;
    const t = Math.floor(blockEmissionRao * share[s]);
    taoEmission[s] = t;
    given += t;
  }
  for (let s = maxS; given > blockEmissionRao && s >= 1; s--) {
    if (taoEmission[s] > 0) {
      taoEmission[s] -= 1;
      given -= 1;
    }
  }
  blockSums[RECYCLED] = blockEmissionRao - given;
}

/**
 * Steps 3-5 for every emitting subnet, in three passes over the subnets (each subnet's float
 * operations in the same order as one pass would do them; nothing a pass computes for one subnet
 * reads another's, so splitting the loop changes no bit. Three short loop bodies let the CPU
 * overlap one subnet's chain of divisions with the next one's, which one long body did not):
 *  - `subnetTerms`: get_subnet_terms (alpha_in = tao_emission / price capped at
 *    root_proportion x alpha_emission, tao_in = alpha_in x price, excess = tao_emission - tao_in);
 *  - `injectAndBuy`: inject_and_maybe_swap (re-weight, chain buy on the pre-injection reserves,
 *    add the injection);
 *  - `emitAlphaOut`: emit_to_subnets (alpha out, owner cut, server / root / validator split into
 *    pending) and step 7's moving price.
 * Adds the TAO it recycles to blockSums[RECYCLED].
 */
function injectAndEmit(net: Network, rootSell: boolean): void {
  subnetTerms(net);
  injectAndBuy(net);
  emitAlphaOut(net, rootSell);
}

/**
 * get_subnet_terms for every emitting subnet, into lastTaoIn / lastAlphaIn / lastExcessTao
 * (before a refused re-weight, which `injectAndBuy` applies). The alpha block reward is
 * re-derived when the issuance left its cached range.
 */
function subnetTerms(net: Network): void {
  const maxS = net.maxNetuid;
  const emitting = net.emitting;
  const rootW = net.rootTaoFloat * fractions[TAO_WEIGHT];
  const curves = net.curve;
  const taoReserve = net.taoReserve;
  const alphaInR = net.alphaIn;
  const alphaOutR = net.alphaOut;
  const quoteWeight = net.quoteWeight;
  const alphaReward = net.alphaReward;
  const rewardLow = net.alphaRewardLow;
  const rewardHigh = net.alphaRewardHigh;
  const taoEmission = net.lastTaoEmission;
  const lastTaoIn = net.lastTaoIn;
  const lastAlphaIn = net.lastAlphaIn;
  const lastExcess = net.lastExcessTao;
  const spot = net.spotCache;
  for (let s = 1; s <= maxS; s++) {
    if (!emitting[s]) continue;
    const issuance = alphaInR[s] + alphaOutR[s];
    if (issuance < rewardLow[s] || issuance >= rewardHigh[s]) refreshAlphaReward(net, s);
    const alphaEmission = alphaReward[s];
    const taoE = taoEmission[s];
    const curve = curves[s];
    const y = taoReserve[s];
    const x = alphaInR[s];
    const w2 = quoteWeight[s];
    // The price this subnet's last step ended at, when nothing has moved the pool since.
    const k = 5 * s;
    const price =
      spot[k] === curve && spot[k + 1] === y && spot[k + 2] === x && spot[k + 3] === w2 ? spot[k + 4] : spotPrice(curve, y, x, w2);
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
    lastTaoIn[s] = taoIn;
    lastAlphaIn[s] = Math.floor(alphaInF);
    lastExcess[s] = taoE - taoIn;
  }
}

/**
 * inject_and_maybe_swap for every emitting subnet with subnetTerms' amounts: re-weight the pool
 * (a refused re-weight injects nothing: lastTaoIn / lastAlphaIn become 0 and the TAO is
 * recycled), the chain buy with the excess on the pre-injection reserves, then the injection.
 */
function injectAndBuy(net: Network): void {
  const maxS = net.maxNetuid;
  const emitting = net.emitting;
  const curves = net.curve;
  const taoReserve = net.taoReserve;
  const alphaInR = net.alphaIn;
  const quoteWeight = net.quoteWeight;
  const protocolFlow = net.protocolFlow;
  const alphaMinted = net.alphaMinted;
  const lastTaoIn = net.lastTaoIn;
  const lastAlphaIn = net.lastAlphaIn;
  const lastExcess = net.lastExcessTao;
  let recycled = blockSums[RECYCLED];
  for (let s = 1; s <= maxS; s++) {
    if (!emitting[s]) continue;
    let taoIn = lastTaoIn[s];
    let alphaIn = lastAlphaIn[s];
    const excess = lastExcess[s];
    if (curves[s] === CURVE_WEIGHTED && (taoIn > 0 || alphaIn > 0)) {
      // reweightForInjection split in two, so no NaN (a tagged value) merges with the weight.
      const nw = injectionWeight(quoteWeight[s], taoReserve[s], alphaInR[s], taoIn, alphaIn);
      if (!weightAllowed(nw)) {
        recycled += taoIn;
        taoIn = 0;
        alphaIn = 0;
        lastTaoIn[s] = 0;
        lastAlphaIn[s] = 0;
      } else {
        quoteWeight[s] = nw;
      }
    }
    if (excess > 0 && !applyChainBuy(net, s, excess)) recycled += excess;
    alphaInR[s] += alphaIn;
    alphaMinted[s] += alphaIn;
    taoReserve[s] += taoIn;
    protocolFlow[s] += taoIn;
  }
  blockSums[RECYCLED] = recycled;
}

/**
 * emit_to_subnets for every emitting subnet: alpha out minted, its split into pending (root
 * recycled unless the root-sell flag is up, the floors' dust burned), then step 7.
 */
function emitAlphaOut(net: Network, rootSell: boolean): void {
  const block = net.block;
  const maxS = net.maxNetuid;
  const emitting = net.emitting;
  const rootW = net.rootTaoFloat * fractions[TAO_WEIGHT];
  const cut = net.params.ownerCutU16 / 65535;
  const curves = net.curve;
  const taoReserve = net.taoReserve;
  const alphaInR = net.alphaIn;
  const alphaOutR = net.alphaOut;
  const quoteWeight = net.quoteWeight;
  const alphaReward = net.alphaReward;
  const alphaMinted = net.alphaMinted;
  const lastAlphaOut = net.lastAlphaOut;
  const pendingOwner = net.pendingOwner;
  const pendingServer = net.pendingServer;
  const pendingValidator = net.pendingValidator;
  const pendingRoot = net.pendingRoot;
  const alphaRecycled = net.alphaRecycled;
  const alphaBurned = net.alphaBurned;
  const firstEmission = net.firstEmissionBlock;
  const movingPrice = net.movingPrice;
  const movingAlpha = net.params.movingAlpha;
  const halvingBlocks = net.params.emaPriceHalvingBlocks;
  const spot = net.spotCache;
  let factorFirst = Number.NaN;
  let factor = 0;
  for (let s = 1; s <= maxS; s++) {
    if (!emitting[s]) continue;
    // 5. alpha out and its split; root_proportion is re-read after the injection and this mint, as the chain does.
    const alphaOut = alphaReward[s];
    alphaMinted[s] += alphaOut;
    alphaOutR[s] += alphaOut;
    lastAlphaOut[s] = alphaOut;
    const ownerCutF = alphaOut * cut;
    const rest = alphaOut - ownerCutF;
    const issuance = alphaInR[s] + alphaOutR[s];
    const rp = rootW + issuance > 0 ? rootW / (rootW + issuance) : 0;
    const rootF = rp * rest * 0.5;
    const serverF = rest * 0.5;
    const validatorF = rest - serverF - rootF;
    const ownerCut = Math.floor(ownerCutF);
    const server = Math.floor(serverF);
    const validator = validatorF > 0 ? Math.floor(validatorF) : 0;
    const root = Math.floor(rootF);
    pendingOwner[s] += ownerCut;
    pendingServer[s] += server;
    pendingValidator[s] += validator;
    if (rootSell) {
      pendingRoot[s] += root;
    } else {
      alphaOutR[s] -= root;
      alphaRecycled[s] += root;
    }
    alphaBurned[s] += alphaOut - ownerCut - server - validator - root;
    assertSubnetBounds(net, s);
    // 7. update_moving_price here rather than in a pass after step 6: nothing between reads or
    // writes the moving price or this subnet's reserves, and the shares already used the old one.
    // Its factor depends on the subnet only through FirstEmissionBlockNumber: subnets sharing one
    // (all those started together) share the factor, computed once (`movingFactor`, same bits).
    const first = firstEmission[s];
    if (first !== factorFirst) {
      factorFirst = first;
      factor = movingFactor(first, block, movingAlpha, halvingBlocks);
    }
    const curve = curves[s];
    const y1 = taoReserve[s];
    const x1 = alphaInR[s];
    const w1 = quoteWeight[s];
    const mp = spotPrice(curve, y1, x1, w1);
    const k = 5 * s;
    spot[k] = curve;
    spot[k + 1] = y1;
    spot[k + 2] = x1;
    spot[k + 3] = w1;
    spot[k + 4] = mp;
    movingPrice[s] = factor * (mp < 1 ? mp : 1) + (1 - factor) * movingPrice[s];
  }
}

/**
 * Step 6, drain_pending: for every subnet (netuid order) whose epoch is due (PendingEpochAt > 0
 * and reached, or block - LastEpochBlock >= tempo) the four pending buckets move to the drained
 * ones, at most maxEpochsPerBlock a block; the rest get PendingEpochAt = block + 1.
 */
function drainDueEpochs(net: Network): void {
  const block = net.block;
  const maxS = net.maxNetuid;
  const exists = net.exists;
  const pendingEpochAt = net.pendingEpochAt;
  const lastEpochBlock = net.lastEpochBlock;
  const tempo = net.tempo;
  const cap = net.params.maxEpochsPerBlock;
  let ran = 0;
  net.epochCount = 0;
  for (let s = 1; s <= maxS; s++) {
    if (!exists[s]) continue;
    const pending = pendingEpochAt[s];
    const due = (pending > 0 && block >= pending) || block - lastEpochBlock[s] >= tempo[s];
    if (!due) continue;
    if (ran >= cap) {
      pendingEpochAt[s] = block + 1;
      continue;
    }
    drainPending(net, s);
    ran++;
    lastEpochBlock[s] = block;
    pendingEpochAt[s] = 0;
  }
  net.drainedOpen = net.epochCount;
}

function drainPending(net: Network, s: number): void {
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
  const al = movingFactor(net.firstEmissionBlock[s], block, net.params.movingAlpha, net.params.emaPriceHalvingBlocks);
  const price = spotPrice(net.curve[s], net.taoReserve[s], net.alphaIn[s], net.quoteWeight[s]);
  net.movingPrice[s] = al * (price < 1 ? price : 1) + (1 - al) * net.movingPrice[s];
}

/** update_moving_price's a = movingAlpha * b / (b + halvingBlocks), b = block - (first - 1) saturating (first = FirstEmissionBlockNumber, 0: unset). */
export function movingFactor(first: number, block: number, movingAlpha: number, halvingBlocks: number): number {
  const start = first > 0 ? first - 1 : 0;
  const b = block > start ? block - start : 0;
  return b + halvingBlocks > 0 ? (movingAlpha * b) / (b + halvingBlocks) : 0;
}

/** root_proportion = w R / (w R + alpha issuance), R the root TAO, w the TAO weight (block_step.rs). */
export function rootProportion(net: Network, s: number): number {
  const rootW = net.rootTaoFloat * taoWeightFraction(net.params);
  const d = rootW + net.alphaIn[s] + net.alphaOut[s];
  return d > 0 ? rootW / d : 0;
}
