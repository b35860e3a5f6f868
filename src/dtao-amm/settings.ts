/** Mid-run switches a scenario may make (the share rule lives in step.ts: setShareRule). */
import { U64_MAX } from './params.ts';
import { assertLiveSubnet, curveFromName, type Network } from './network.ts';
import { CURVE_CONSTANT_PRODUCT, type CurveName } from './pool.ts';

/**
 * Switches a subnet's pool curve. constant-product -> weighted starts at weight 1/2 (same price,
 * as the chain's migration to the balancer keeps the price); weighted -> constant-product is
 * refused unless the weight is 1/2, because it would move the price.
 */
export function setSubnetCurve(net: Network, netuid: number, curve: CurveName): void {
  assertLiveSubnet(net, netuid);
  const c = curveFromName(curve);
  if (c === CURVE_CONSTANT_PRODUCT && net.quoteWeight[netuid] !== 0.5) {
    throw new RangeError(`curve: subnet ${netuid}'s weighted pool has weight ${net.quoteWeight[netuid]}, not 0.5; switching to constant-product would move its price`);
  }
  net.curve[netuid] = c;
  if (c === CURVE_CONSTANT_PRODUCT) net.quoteWeight[netuid] = 0.5;
}

export function setSubnetTempo(net: Network, netuid: number, tempo: number): void {
  assertLiveSubnet(net, netuid);
  if (!Number.isInteger(tempo) || tempo < 1 || tempo > 65535) throw new RangeError(`tempo: ${tempo} is not an integer in [1, 65535]`);
  net.tempo[netuid] = tempo;
}

/** TaoWeight as the chain stores it (/ 2^64 - 1). */
export function setTaoWeight(net: Network, taoWeightU64: bigint): void {
  if (taoWeightU64 < 0n || taoWeightU64 > U64_MAX) throw new RangeError('taoWeightU64: must be in [0, 2^64 - 1]');
  net.params.taoWeightU64 = taoWeightU64;
}
