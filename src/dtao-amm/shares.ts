/**
 * Emission share rules: each writes, for the subnets marked in `emitting`, a share >= 0 into
 * `share` (summing to 1 unless every weight is 0) and 0 elsewhere. Kernels over the network's
 * Float64Arrays; no allocation.
 *
 * - price-ema (launch): share_i = movingPrice_i / sum_j movingPrice_j (get_shares_price_ema).
 * - price-burn (current, get_shares): price share x (1 - min(minerBurned_i, 1)), renormalized;
 *   the plain price shares when every weight is 0.
 * - flow-ema (get_shares_flow): S_i = userEma_i - (protocolEma_i > 0 ? k protocolEma_i :
 *   protocolEma_i) with k = min(1, sum max(userEma, 0) / sum max(protocolEma, 0)) when net flow
 *   is on (S_i = userEma_i when off); L = max(cutoff, min_i min(S_i, 0)); z_i = max(S_i - L, 0);
 *   share_i = (z_i / max z)^p / sum_j (z_j / max z)^p (inplace_pow_normalize; the chain's
 *   fixed-point rescaling only guards its I32F32 range, the ratio is the same).
 * Files: pallets/subtensor/src/coinbase/subnet_emissions.rs at subtensor 14bc6f9f.
 */
import type { Network } from './network.ts';

export function priceEmaShares(net: Network, emitting: Uint8Array, share: Float64Array): void {
  const mp = net.movingPrice;
  let sum = 0;
  for (let s = 1; s <= net.maxNetuid; s++) if (emitting[s]) sum += mp[s];
  for (let s = 1; s <= net.maxNetuid; s++) share[s] = emitting[s] && sum > 0 ? mp[s] / sum : 0;
}

export function priceBurnShares(net: Network, emitting: Uint8Array, share: Float64Array): void {
  // priceEmaShares, then each price share's unburned part (kept in scratchA, the same product
  // the renormalization divides) summed in the same pass, in netuid order.
  const mp = net.movingPrice;
  const burned = net.minerBurned;
  const unburned = net.scratchA;
  const maxS = net.maxNetuid;
  let sum = 0;
  for (let s = 1; s <= maxS; s++) if (emitting[s]) sum += mp[s];
  let total = 0;
  for (let s = 1; s <= maxS; s++) {
    const p = emitting[s] && sum > 0 ? mp[s] / sum : 0;
    share[s] = p;
    if (!emitting[s]) continue;
    const b = burned[s] < 1 ? burned[s] : 1;
    const u = p * (1 - b);
    unburned[s] = u;
    total += u;
  }
  if (!(total > 0)) return;
  for (let s = 1; s <= maxS; s++) if (emitting[s]) share[s] = unburned[s] / total;
}

export function flowEmaShares(net: Network, emitting: Uint8Array, share: Float64Array): void {
  const u = net.taoFlowEma;
  const pr = net.protocolFlowEma;
  const netFlow = net.params.netFlowEnabled;
  let norm = 0;
  if (netFlow) {
    let su = 0;
    let sp = 0;
    for (let s = 1; s <= net.maxNetuid; s++) {
      if (!emitting[s]) continue;
      if (u[s] > 0) su += u[s];
      if (pr[s] > 0) sp += pr[s];
    }
    norm = sp > 0 ? Math.min(1, su / sp) : 0;
  }
  let minFlow = 0;
  for (let s = 1; s <= net.maxNetuid; s++) {
    if (!emitting[s]) continue;
    const f = netFlow ? u[s] - (pr[s] > 0 ? norm * pr[s] : pr[s]) : u[s];
    share[s] = f;
    if (f < minFlow) minFlow = f;
  }
  const lower = Math.max(net.params.flowCutoff, minFlow);
  let zMax = 0;
  for (let s = 1; s <= net.maxNetuid; s++) {
    if (!emitting[s]) {
      share[s] = 0;
      continue;
    }
    const z = share[s] > lower ? share[s] - lower : 0;
    share[s] = z;
    if (z > zMax) zMax = z;
  }
  powNormalize(share, emitting, net.maxNetuid, net.params.flowExponent, zMax);
}

/** In place: v_i <- (v_i / vMax)^p / sum_j (v_j / vMax)^p over marked entries; unchanged if all 0. */
export function powNormalize(v: Float64Array, marked: Uint8Array, maxIndex: number, p: number, vMax: number): void {
  if (!(vMax > 0)) return;
  let sum = 0;
  for (let s = 1; s <= maxIndex; s++) {
    if (!marked[s]) continue;
    const x = v[s] / vMax;
    const y = p === 1 ? x : Math.pow(x, p);
    v[s] = y;
    sum += y;
  }
  for (let s = 1; s <= maxIndex; s++) if (marked[s]) v[s] = v[s] / sum;
}
