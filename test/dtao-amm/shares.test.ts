/**
 * The price-burn share rule against its definition written out here in the plain two-step form
 * (get_shares, subnet_emissions.rs at subtensor 14bc6f9f): price shares p_i = mp_i / sum mp over
 * the emitting subnets, then p_i (1 - min(burned_i, 1)) renormalized by their sum, or the price
 * shares unchanged when that sum is 0. The kernel does it in fewer passes; the result must be the
 * same bits, for any moving prices, burns and set of emitting subnets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNetwork, priceBurnShares } from '../../src/dtao-amm/index.ts';

function reference(mp: number[], burned: number[], emitting: number[]): number[] {
  const n = mp.length;
  const share = new Array<number>(n).fill(0);
  let sum = 0;
  for (let s = 1; s < n; s++) if (emitting[s]) sum += mp[s];
  for (let s = 1; s < n; s++) share[s] = emitting[s] && sum > 0 ? mp[s] / sum : 0;
  let total = 0;
  for (let s = 1; s < n; s++) if (emitting[s]) total += share[s] * (1 - Math.min(burned[s], 1));
  if (!(total > 0)) return share;
  for (let s = 1; s < n; s++) if (emitting[s]) share[s] = (share[s] * (1 - Math.min(burned[s], 1))) / total;
  return share;
}

const subnet = fc.record({
  mp: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })),
  burned: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 2, noNaN: true })),
  emitting: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(0) }),
});

describe('priceBurnShares', () => {
  it('gives the bits of the two-step definition (any prices, burns, emitting set; all burned keeps the price shares)', () => {
    fc.assert(
      fc.property(fc.array(subnet, { minLength: 1, maxLength: 12 }), fc.boolean(), (subnets, allBurned) => {
        const n = subnets.length + 1;
        const net = createNetwork({ maxNetuid: subnets.length });
        const emitting = new Uint8Array(n);
        const mp = [0];
        const burned = [0];
        subnets.forEach((x, i) => {
          net.movingPrice[i + 1] = x.mp;
          net.minerBurned[i + 1] = allBurned ? 1 : x.burned;
          emitting[i + 1] = x.emitting;
          mp.push(x.mp);
          burned.push(allBurned ? 1 : x.burned);
        });
        const share = new Float64Array(n).fill(7);
        // A call with every subnet emitting first: what one call leaves behind must not leak into the next.
        priceBurnShares(net, new Uint8Array(n).fill(1), share);
        priceBurnShares(net, emitting, share);
        expect(Array.from(share.subarray(1))).toEqual(reference(mp, burned, Array.from(emitting)).slice(1));
      }),
      { numRuns: 500 },
    );
  });
});
