/**
 * The full conservation report finds each kind of broken ledger and says where: a negative free
 * balance, a root or alpha hotkey whose total is not the sum of its nominators, a stake that is
 * not a non-negative integer, a subnet's stakeTotal off its stakes, alpha held off alphaOut. Every
 * case starts from a ledger the report passes, breaks one thing by hand and expects that problem.
 */
import { describe, expect, it } from 'vitest';
import { addStake, conservationReport, createNetwork, seedSubnet, type Network } from '../../src/dtao-amm/index.ts';

const TAO = 1_000_000_000;

function ledger(): Network {
  const net = createNetwork({
    maxNetuid: 2,
    balances: [1, 2].map((c) => ({ coldkey: c, rao: 1_000n * BigInt(TAO) })),
    rootStake: [{ hotkey: 30, coldkey: 1, rao: 5n * BigInt(TAO) }],
  });
  // A second root nominator of hotkey 30 (coldkey 2), booked as genesis TAO.
  const root = net.rootStakes.get(30)!;
  root.byColdkey.set(2, 7n * BigInt(TAO));
  root.total += 7n * BigInt(TAO);
  net.rootTaoTotal += 7n * BigInt(TAO);
  net.genesisTao += 7n * BigInt(TAO);
  for (const netuid of [1, 2]) seedSubnet(net, { netuid, ownerColdkey: 10 + netuid, ownerHotkey: 20 + netuid, taoReserve: 100 * TAO, alphaReserve: 100 * TAO, curve: 'constant-product', tempo: 10, feeRateU16: 0 });
  addStake(net, { coldkey: 1, hotkey: 41, netuid: 1, amount: 3 * TAO });
  addStake(net, { coldkey: 2, hotkey: 41, netuid: 1, amount: 2 * TAO });
  addStake(net, { coldkey: 2, hotkey: 42, netuid: 2, amount: 4 * TAO });
  return net;
}

describe('conservationReport', () => {
  it('passes an intact ledger and sums every holding', () => {
    const net = ledger();
    const r = conservationReport(net);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    // balances 2 x 1,000 + root 5 + 7 + the two pools seeded with 100 TAO each
    expect(r.taoIssued).toBe(2_212n * BigInt(TAO));
    expect(r.taoAccounted).toBe(r.taoIssued);
  });

  it('names a negative balance, and the TAO it then misses', () => {
    const net = ledger();
    net.freeTao.set(2, -5n);
    const r = conservationReport(net);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toBe('coldkey 2 has a negative balance -5');
    expect(r.problems[1]).toMatch(/^TAO: issued \d+ != accounted \d+/);
  });

  it('names a root hotkey whose total is not the sum of its nominators', () => {
    const net = ledger();
    net.rootStakes.get(30)!.byColdkey.set(2, 6n * BigInt(TAO));
    const r = conservationReport(net);
    expect(r.problems[0]).toBe(`root hotkey 30: total ${12n * BigInt(TAO)} != sum of nominators ${11n * BigInt(TAO)}`);
    expect(r.problems[1]).toBe(`root TAO total ${12n * BigInt(TAO)} != sum of root stakes ${11n * BigInt(TAO)}`);
  });

  it('names a stake that is not a non-negative integer and the hotkey total it breaks, on its subnet', () => {
    const net = ledger();
    const h = net.stakes[1].get(41)!;
    const cell = h.byColdkey.get(1)!;
    const before = net.alphaCells[cell];
    net.alphaCells[cell] = before + 0.5;
    const total = net.alphaCells[h.cell];
    const r = conservationReport(net);
    expect(r.problems).toEqual([
      `subnet 1 hotkey 41: stake ${before + 0.5} is not a non-negative integer`,
      `subnet 1 hotkey 41: total ${total} != sum ${total + 0.5}`,
      `subnet 1: stakeTotal ${net.stakeTotal[1]} != sum of stakes ${net.stakeTotal[1] + 0.5}`,
      `subnet 1: alphaOut ${net.alphaOut[1]} != stakes + protocol + pending + burned ${net.alphaOut[1] + 0.5}`,
    ]);
  });

  it('names a subnet whose stakeTotal is off its stakes, and no other subnet', () => {
    const net = ledger();
    net.stakeTotal[2] += 1;
    const r = conservationReport(net);
    expect(r.problems).toEqual([`subnet 2: stakeTotal ${net.stakeTotal[2]} != sum of stakes ${net.stakeTotal[2] - 1}`]);
  });

  it('names a negative stake and a field that is not an exact integer', () => {
    const net = ledger();
    net.alphaCells[net.stakes[2].get(42)!.byColdkey.get(2)!] = -1;
    net.protocolAlpha[1] = 0.25;
    const r = conservationReport(net);
    expect(r.problems).toContain('subnet 1: protocolAlpha 0.25 is not an exact non-negative integer');
    expect(r.problems).toContain('subnet 2 hotkey 42: stake -1 is not a non-negative integer');
  });
});
