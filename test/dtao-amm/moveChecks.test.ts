/**
 * The two checks an atomic move is built on: quoteRemoveStakes pays exactly what the unstakes
 * then pay (to the rao, pool state included), and checkAddStake refuses exactly when addStake
 * would, changing nothing either way.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addStake, checkAddStake, createNetwork, freeBalance, quoteRemoveStakes, removeStake, seedSubnet, stakeOf, type Network, type StakeOrder } from '../../src/dtao-amm/index.ts';

const TAO = 1_000_000_000;

function makeNet(curve: 'constant-product' | 'weighted', taoReserve: number, alphaReserve: number, fee: number): Network {
  const net = createNetwork({ maxNetuid: 2, balances: [1, 2].map((c) => ({ coldkey: c, rao: 1_000_000n * BigInt(TAO) })) });
  seedSubnet(net, { netuid: 1, ownerColdkey: 11, ownerHotkey: 21, taoReserve, alphaReserve, curve, tempo: 10, feeRateU16: fee });
  return net;
}

function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as Error).message.split(':')[0];
  }
}

const poolArb = fc.record({
  curve: fc.constantFrom('constant-product' as const, 'weighted' as const),
  tao: fc.integer({ min: 2_000_000, max: 10_000 * TAO }),
  alpha: fc.integer({ min: 2_000_000, max: 10_000 * TAO }),
  fee: fc.constantFrom(0, 33, 655),
});

describe('atomic-move checks (dtao-amm)', () => {
  it('quoteRemoveStakes equals the TAO the same unstakes pay, one after another on one pool', () => {
    fc.assert(
      fc.property(poolArb, fc.array(fc.integer({ min: 1, max: 500 * TAO }), { minLength: 1, maxLength: 3 }), fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), (p, stakes, fractions) => {
        const net = makeNet(p.curve, p.tao, p.alpha, p.fee);
        // coldkey 1 stakes through up to three hotkeys, then unstakes a fraction of each
        const orders: StakeOrder[] = [];
        stakes.forEach((amount, i) => {
          const r = outcome(() => addStake(net, { coldkey: 1, hotkey: 100 + i, netuid: 1, amount }));
          if (r !== 'ok') return;
          const held = stakeOf(net, 1, 100 + i, 1);
          const take = Math.max(1, Math.floor(held * fractions[i]));
          if (held > 0) orders.push({ coldkey: 1, hotkey: 100 + i, netuid: 1, amount: Math.min(held, take) });
        });
        if (orders.length === 0) return;
        const y = net.taoReserve[1];
        const x = net.alphaIn[1];
        let quoted: number | string;
        try {
          quoted = quoteRemoveStakes(net, orders);
        } catch (e) {
          quoted = (e as Error).message.split(':')[0];
        }
        // the quote changed nothing
        expect([net.taoReserve[1], net.alphaIn[1]]).toEqual([y, x]);
        const before = freeBalance(net, 1);
        let paid: number | string = 0;
        for (const o of orders) {
          const r = outcome(() => removeStake(net, o));
          if (r !== 'ok') {
            paid = r;
            break;
          }
        }
        if (typeof paid === 'number') paid = Number(freeBalance(net, 1) - before);
        expect(quoted).toBe(paid);
      }),
      { numRuns: 60 },
    );
  });

  it('checkAddStake refuses exactly when addStake does, with the same code, and changes nothing', () => {
    fc.assert(
      fc.property(poolArb, fc.integer({ min: 1, max: 2 ** 52 }), fc.boolean(), fc.boolean(), (p, amount, rich, dropFee) => {
        const net = makeNet(p.curve, p.tao, p.alpha, p.fee);
        const c = rich ? 1 : 3; // coldkey 3 holds nothing
        const order = { coldkey: c, hotkey: 100, netuid: 1, amount, dropFee };
        const y = net.taoReserve[1];
        const checked = outcome(() => checkAddStake(net, order, freeBalance(net, c)));
        expect(net.taoReserve[1]).toBe(y);
        expect(outcome(() => addStake(net, order))).toBe(checked);
      }),
      { numRuns: 100 },
    );
  });

  it('dropFee stakes without the pool fee: the whole amount enters the reserve', () => {
    const net = makeNet('constant-product', 1000 * TAO, 1000 * TAO, 655);
    const r = addStake(net, { coldkey: 1, hotkey: 7, netuid: 1, amount: 10 * TAO, dropFee: true });
    expect(r.fee).toBe(0);
    expect(net.taoReserve[1]).toBe(1010 * TAO);
    // constant product, no fee: alpha out = 1000 - 1000 * 1000 / 1010 TAO-units, floored (in alpha units)
    expect(r.amountOut).toBe(Math.floor(1000 * TAO - (1000 * TAO * 1000 * TAO) / (1010 * TAO)));
  });

  it('a quote refuses what the unstake refuses: more than is held', () => {
    const net = makeNet('constant-product', 1000 * TAO, 1000 * TAO, 33);
    addStake(net, { coldkey: 1, hotkey: 7, netuid: 1, amount: 10 * TAO });
    const held = stakeOf(net, 1, 7, 1);
    expect(outcome(() => quoteRemoveStakes(net, [{ coldkey: 1, hotkey: 7, netuid: 1, amount: held + 1 }]))).toBe('INSUFFICIENT_STAKE');
  });
});
