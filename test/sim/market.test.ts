import { describe, expect, it } from 'vitest';
import { checkScenario, createDtaoMarket, runScenario, type Scenario } from '../../src/sim/index.ts';
import { addStake, conservationReport, freeBalance, hotkeyStakeOnSubnet, removeStake, rootStakeOf, stakeOf, taoWeightFraction } from '../../src/dtao-amm/index.ts';
import { column, memoryRecorder } from '../helpers/recorder.ts';
import { fakeConsensus } from '../helpers/fakeConsensus.ts';

const TAO = 1_000_000_000;

function scenario(doc: Record<string, unknown>): Scenario {
  const r = checkScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

function oneSubnet(extra: Record<string, unknown> = {}): Scenario {
  return scenario({
    name: 'one',
    seed: 3,
    duration: 10,
    start: { issuance: 1_000_000, block: 1000 },
    subnets: [{ netuid: 1, tempo: 360, initial_reserves: { tao: 1000, alpha: 10000 }, pool: { curve: 'constant-product' } }],
    agents: [
      { kind: 'honest-validator', count: 1, stake: 100 },
      { kind: 'miner', count: 1 },
    ],
    ...extra,
  });
}

function code(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no refusal';
}

describe('dTAO market adapter: blocks.csv against the ledger by hand', () => {
  it('1 subnet, 10 blocks, no root stake: all TAO is chain buys on a constant-product pool; pending grows by the owner cut and halves', () => {
    const rec = memoryRecorder();
    const sc = oneSubnet();
    const s = runScenario(sc, rec, { components: { market: createDtaoMarket(sc, { fullCheckEvery: 1 }) } });
    expect(s.conservation.ok).toBe(true);
    const col = (c: string) => column(rec, 'blocks', c);
    expect(col('block')).toEqual(Array.from({ length: 10 }, (_, i) => 1000 + i));
    // one subnet: share 1; root stake 0 -> root_proportion 0 -> alpha_in capped at 0, tao_in 0,
    // the whole 1 TAO block reward buys alpha (get_subnet_terms / inject_and_maybe_swap)
    expect(col('emission_share').every((x) => x === 1)).toBe(true);
    expect(col('tao_in_rao').every((x) => x === 0)).toBe(true);
    expect(col('alpha_in_rao').every((x) => x === 0)).toBe(true);
    expect(col('chain_buy_tao_rao').every((x) => x === TAO)).toBe(true);
    // alpha issuance is far below the first alpha halving: 1 alpha a block
    expect(col('alpha_out_rao').every((x) => x === TAO)).toBe(true);
    // constant product, fee-less chain buy: out = floor(x dy / (y + dy)), by bigint by hand
    let x = 10_000n * BigInt(TAO);
    let y = 1000n * BigInt(TAO);
    const taoRes: number[] = [];
    const alphaRes: number[] = [];
    for (let k = 0; k < 10; k++) {
      const out = (x * BigInt(TAO)) / (y + BigInt(TAO));
      x -= out;
      y += BigInt(TAO);
      taoRes.push(Number(y));
      alphaRes.push(Number(x));
    }
    expect(alphaRes.slice(0, 3)).toEqual([9_990_009_990_010, 9_980_039_920_160, 9_970_089_730_808]);
    expect(col('tao_reserve_rao')).toEqual(taoRes);
    expect(col('alpha_reserve_rao')).toEqual(alphaRes);
    expect(col('price')).toEqual(taoRes.map((t, i) => t / alphaRes[i]));
    // owner cut = floor(1e9 x 11796 / 65535) = 179,995,422; server = floor((1e9 - 179,995,422.29) / 2)
    // = 410,002,288; validators the same (no root part); no epoch in 10 blocks at tempo 360
    expect(col('pending_owner_alpha')).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 179_995_422));
    expect(col('pending_server_alpha')).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 410_002_288));
    expect(col('pending_validator_alpha')).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 410_002_288));
    expect(col('pending_root_alpha').every((v) => v === 0)).toBe(true);
    // nothing recycled: 10 TAO minted, issuance +10 TAO
    expect(s.totals.recycled_rao).toBe(0n);
    expect(s.totals.issuance_end_rao - s.totals.issuance_start_rao).toBe(10n * BigInt(TAO));
  });

  it('2 subnets with root stake: tao_in + chain buys over subnets + recycled = the block reward, every block', () => {
    const rec = memoryRecorder();
    const sc = scenario({
      name: 'two',
      seed: 4,
      duration: 30,
      start: { issuance: 1_000_000, block: 500 },
      subnets: { count: 2, defaults: { tempo: 100, initial_reserves: { tao: 100, alpha: 1000 } } },
      agents: [
        { kind: 'honest-validator', count: 2, stake: 100 },
        { kind: 'miner', count: 2 },
        { kind: 'root-staker', count: 1, amount: 50_000 },
      ],
    });
    const market = createDtaoMarket(sc, { fullCheckEvery: 1 });
    const s = runScenario(sc, rec, { components: { market } });
    expect(s.conservation.ok).toBe(true);
    const blocks = column(rec, 'blocks', 'block') as number[];
    const taoIn = column(rec, 'blocks', 'tao_in_rao') as number[];
    const buy = column(rec, 'blocks', 'chain_buy_tao_rao') as number[];
    const recycledCum = column(rec, 'network', 'recycled_rao').map(Number);
    let sawTaoIn = false;
    for (let b = 0; b < 30; b++) {
      let given = 0;
      for (let i = 0; i < blocks.length; i++) if (blocks[i] === 500 + b) given += taoIn[i] + buy[i];
      const recycled = recycledCum[b] - (b > 0 ? recycledCum[b - 1] : 0);
      expect(given + recycled).toBe(TAO);
      if (taoIn.some((v, i) => blocks[i] === 500 + b && v > 0)) sawTaoIn = true;
    }
    // root stake exists from the first block's stakers on: later blocks inject TAO too
    expect(sawTaoIn).toBe(true);
    // the root staker's 50,000 TAO came out of `world`, split over the two subnets' top validators
    expect(market.net.rootTaoTotal).toBe(50_000n * BigInt(TAO));
  });
});

describe('dTAO market adapter: operations', () => {
  function started(extra: Record<string, unknown> = {}) {
    const sc = scenario({
      name: 'ops',
      seed: 1,
      duration: 100,
      start: { issuance: 100_000, block: 0 },
      subnets: { count: 2, defaults: { initial_reserves: { tao: 1000, alpha: 10000 } } },
      ...extra,
    });
    const m = createDtaoMarket(sc, { fullCheckEvery: 1 });
    for (const sub of sc.subnets) {
      m.addSubnet(sub, 0);
      m.registerNeuron(sub.netuid, 0, `v/${sub.netuid}`, 100n * BigInt(TAO), 0);
      m.registerNeuron(sub.netuid, 1, `m/${sub.netuid}`, 0n, 0);
    }
    expect(m.checkConservation(0, TAO, m.onBlock(0, TAO))).toBeNull();
    return m;
  }

  it("the per-block check names the first subnet whose alpha does not add up, after the TAO checks (full report off)", () => {
    // three subnets; the full ledger report only every 10^6 blocks, so the per-block identities answer
    function market() {
      const sc = scenario({ name: 'c', seed: 1, duration: 100, start: { issuance: 100_000, block: 0 }, subnets: { count: 3, defaults: { initial_reserves: { tao: 1000, alpha: 10000 } } } });
      const m = createDtaoMarket(sc, { fullCheckEvery: 1_000_000 });
      for (const sub of sc.subnets) m.addSubnet(sub, 0);
      expect(m.checkConservation(0, TAO, m.onBlock(0, TAO))).toBeNull();
      return m;
    }
    let m = market();
    m.net.alphaBurned[3] += 1; // held > alpha out on 3
    m.net.alphaMinted[2] += 1; // minted != in + out + recycled on 2
    const out2 = m.net.alphaOut[2];
    expect(m.checkConservation(1, 0, 0)).toBe(`subnet 2: alpha minted ${m.net.alphaMinted[2]} != reserve + out + recycled`);
    expect(m.net.alphaOut[2]).toBe(out2);
    m = market();
    m.net.alphaBurned[3] += 5;
    const held3 = m.net.alphaOut[3] + 5;
    expect(m.checkConservation(1, 0, 0)).toBe(`subnet 3: alpha out ${m.net.alphaOut[3]} != stakes + protocol + pending + burned ${held3}`);
    // the TAO check comes first, and the reserves seen are remembered even when a subnet fails
    m = market();
    m.net.alphaBurned[1] += 1;
    m.net.taoReserve[2] += 7;
    expect(m.checkConservation(1, 0, 0)).toBe('TAO held in the ledger moved by 7 rao, expected minted 0 - recycled 0 = 0');
    m.net.alphaBurned[1] -= 1;
    expect(m.checkConservation(2, 0, 0)).toBeNull();
  });

  it('a stake moves TAO into the pool and alpha out to the staker, through the top validator; unstake and move reverse it', () => {
    const m = started();
    const net = m.net;
    const y0 = net.taoReserve[1];
    const x0 = net.alphaIn[1];
    const world0 = freeBalance(net, m.idOf('world'));
    m.stake('alice', 1, 10n * BigInt(TAO), 1);
    const fee = Math.ceil((10 * TAO * 33) / 65535);
    expect(net.taoReserve[1] - y0).toBeGreaterThanOrEqual(10 * TAO - fee - 1);
    expect(net.taoReserve[1] - y0).toBeLessThanOrEqual(10 * TAO);
    const bought = x0 - net.alphaIn[1];
    expect(bought).toBeGreaterThan(0);
    // the delegate is the neuron with stake (uid 0), the wallet was funded from `world`
    const alice = m.idOf('alice');
    expect(stakeOf(net, 1, m.hotkeyAt(1, 0), alice)).toBe(bought);
    expect(world0 - freeBalance(net, m.idOf('world'))).toBe(10n * BigInt(TAO));
    expect(freeBalance(net, alice)).toBe(0n);
    // move half to subnet 2: subnet 1's pool loses TAO, subnet 2's gains
    const y1 = net.taoReserve[1];
    const y2 = net.taoReserve[2];
    m.moveStake('alice', 1, 2, BigInt(Math.floor(bought / 2)), 1);
    expect(net.taoReserve[1]).toBeLessThan(y1);
    expect(net.taoReserve[2]).toBeGreaterThan(y2);
    expect(stakeOf(net, 2, m.hotkeyAt(2, 0), alice)).toBeGreaterThan(0);
    // unstake the rest of subnet 1
    const rest = stakeOf(net, 1, m.hotkeyAt(1, 0), alice);
    m.unstake('alice', 1, BigInt(rest), 1);
    expect(stakeOf(net, 1, m.hotkeyAt(1, 0), alice)).toBe(0);
    expect(freeBalance(net, alice)).toBeGreaterThan(0n);
    expect(m.checkConservation(1, 0, 0)).toBeNull();
    expect(conservationReport(net).ok).toBe(true);
  });

  it('readStake gives each live uid its alpha stake plus its root stake times the TAO weight, looked up afresh, after records are made and removed', () => {
    const m = started();
    const net = m.net;
    const tw = taoWeightFraction(net.params);
    const out = new Float64Array(3);
    const expectFresh = () => {
      m.readStake(1, out);
      const want = [0, 1, 2].map((uid) => {
        const hk = m.hotkeyAt(1, uid);
        if (hk < 0 || (uid === 0 && gone)) return 0;
        return (hotkeyStakeOnSubnet(net, 1, hk) + Number(rootStakeOf(net, hk)) * tw) / 1e9;
      });
      expect(Array.from(out)).toEqual(want);
    };
    let gone = false;
    expectFresh();
    expect(out[0]).toBe(100);
    // the validator's own stake leaves: its record is removed; a stake through it makes a new one
    const v = m.hotkeyAt(1, 0);
    removeStake(net, { coldkey: v, hotkey: v, netuid: 1, amount: stakeOf(net, 1, v, v) });
    expectFresh();
    expect(out[0]).toBe(0);
    addStake(net, { coldkey: m.idOf('world'), hotkey: v, netuid: 1, amount: 10 * TAO });
    expectFresh();
    expect(out[0]).toBeGreaterThan(0);
    // root stake makes a root record for the delegate
    m.stake('bob', 0, 10n * BigInt(TAO), 1);
    expect(rootStakeOf(net, v)).toBeGreaterThan(0n);
    expectFresh();
    // a neuron joins with stake at uid 2; uid 0 leaves
    m.registerNeuron(1, 2, 'late/1', 5n * BigInt(TAO), 1);
    expectFresh();
    expect(out[2]).toBeGreaterThan(0);
    m.deregisterNeuron(1, 0, 1);
    gone = true;
    expectFresh();
    expect(out[0]).toBe(0);
  });

  it('a stake goes through the neuron with the most alpha stake as it is at that moment', () => {
    const m = started();
    const net = m.net;
    const v = m.hotkeyAt(1, 0);
    const miner = m.hotkeyAt(1, 1);
    m.stake('a', 1, 1n * BigInt(TAO), 1);
    expect(stakeOf(net, 1, v, m.idOf('a'))).toBeGreaterThan(0);
    // the validator's stake all leaves (its record removed), the miner gains some (a new record)
    for (const c of [v, m.idOf('a')]) removeStake(net, { coldkey: c, hotkey: v, netuid: 1, amount: stakeOf(net, 1, v, c) });
    addStake(net, { coldkey: m.idOf('world'), hotkey: miner, netuid: 1, amount: 5 * TAO });
    m.stake('b', 1, 1n * BigInt(TAO), 1);
    expect(stakeOf(net, 1, miner, m.idOf('b'))).toBeGreaterThan(0);
    expect(hotkeyStakeOnSubnet(net, 1, v)).toBe(0);
  });

  it('refuses with short codes and changes nothing', () => {
    const m = started();
    const before = JSON.stringify([Array.from(m.net.taoReserve), Array.from(m.net.alphaIn), [...m.net.freeTao]], (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(code(() => m.unstake('bob', 1, 5n, 1))).toBe('INSUFFICIENT_STAKE');
    expect(code(() => m.stake('bob', 9, 5n, 1))).toBe('SUBNET_NOT_EXISTS');
    expect(code(() => m.stake('bob', 1, 0n, 1))).toBe('AMOUNT_TOO_LOW');
    expect(code(() => m.stake('bob', 1, 10n ** 17n, 1))).toBe('AMOUNT_TOO_LARGE');
    // world holds 100,000 - 2 x 1,000 TAO = 98,000 TAO
    expect(freeBalance(m.net, m.idOf('world'))).toBe(98_000n * BigInt(TAO));
    expect(code(() => m.stake('bob', 1, 98_001n * BigInt(TAO), 1))).toBe('INSUFFICIENT_BALANCE');
    expect(code(() => m.moveStake('bob', 1, 1, 5n, 1))).toBe('SAME_SUBNET');
    const after = JSON.stringify([Array.from(m.net.taoReserve), Array.from(m.net.alphaIn), [...m.net.freeTao]], (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(after).toBe(before);
    expect(m.checkConservation(1, 0, 0)).toBeNull();
  });

  it('moveStake is atomic (one extrinsic on chain): a refused second leg moves nothing, to the rao', () => {
    // Subnet 2's pool starts with 0.001 TAO (~0.011 TAO after block 0's injection): a stake of more
    // than 1000 x its reserve (after the fee) is refused by the pool (SWAP_INPUT_TOO_LARGE), so moving
    // alpha worth ~20 TAO there must fail whole.
    const sc = scenario({
      name: 'atomic',
      seed: 1,
      duration: 100,
      start: { issuance: 100_000, block: 0 },
      subnets: [
        { netuid: 1, initial_reserves: { tao: 1000, alpha: 10000 } },
        { netuid: 2, initial_reserves: { tao: '1000000rao', alpha: '1000000000rao' } },
      ],
    });
    const m = createDtaoMarket(sc, { fullCheckEvery: 1 });
    for (const sub of sc.subnets) {
      m.addSubnet(sub, 0);
      m.registerNeuron(sub.netuid, 0, `v/${sub.netuid}`, 100n * BigInt(TAO), 0);
    }
    expect(m.checkConservation(0, TAO, m.onBlock(0, TAO))).toBeNull();
    m.stake('alice', 1, 20n * BigInt(TAO), 1);
    const net = m.net;
    const alice = m.idOf('alice');
    const snapshot = () =>
      JSON.stringify(
        [Array.from(net.taoReserve), Array.from(net.alphaIn), Array.from(net.alphaOut), Array.from(net.stakeTotal), Array.from(net.alphaBurned), [...net.freeTao], String(net.feesTao + BigInt(net.feesPending)), [...net.stakes[1].entries()].map(([h, v]) => [h, net.alphaCells[v.cell], [...v.byColdkey].map(([c, i]) => [c, net.alphaCells[i]])]), [...net.stakes[2].entries()].map(([h, v]) => [h, net.alphaCells[v.cell], [...v.byColdkey].map(([c, i]) => [c, net.alphaCells[i]])])],
        (_k, v) => (typeof v === 'bigint' ? String(v) : v),
      );
    const held = stakeOf(net, 1, m.hotkeyAt(1, 0), alice);
    expect(held).toBeGreaterThan(0);
    const before = snapshot();
    expect(code(() => m.moveStake('alice', 1, 2, BigInt(held), 1))).toBe('SWAP_INPUT_TOO_LARGE');
    expect(snapshot()).toBe(before);
    expect(freeBalance(net, alice)).toBe(0n);
    expect(stakeOf(net, 1, m.hotkeyAt(1, 0), alice)).toBe(held);
    expect(m.heldAlpha('alice', 2)).toBe(0n);
    // From root the same: 15 TAO of root stake (split over both subnets' delegates) cannot enter
    // subnet 2, whose pool holds ~0.011 TAO after block 0's injection (so at most ~10.9 TAO can enter).
    m.stake('carol', 0, 15n * BigInt(TAO), 1);
    const rootBefore = [...net.rootStakes.entries()].map(([h, v]) => [h, String(v.total), [...v.byColdkey].map(([c, x]) => [c, String(x)])]);
    const before2 = snapshot();
    expect(code(() => m.moveStake('carol', 0, 2, 15n * BigInt(TAO), 1))).toBe('SWAP_INPUT_TOO_LARGE');
    expect(snapshot()).toBe(before2);
    expect([...net.rootStakes.entries()].map(([h, v]) => [h, String(v.total), [...v.byColdkey].map(([c, x]) => [c, String(x)])])).toEqual(rootBefore);
    expect(m.heldAlpha('carol', 0)).toBe(15n * BigInt(TAO));
    // A move small enough for subnet 2's pool goes through whole: the wallet ends where it started.
    m.moveStake('alice', 1, 2, 100_000n, 1);
    expect(freeBalance(net, alice)).toBe(0n);
    expect(stakeOf(net, 1, m.hotkeyAt(1, 0), alice)).toBe(held - 100_000);
    expect(m.heldAlpha('alice', 2)).toBeGreaterThan(0n);
    expect(m.checkConservation(1, 0, 0)).toBeNull();
    expect(conservationReport(net).ok).toBe(true);
  });

  it('a move pays one fee, as the chain: the destination pool takes exactly the TAO an unstake of the same alpha pays, fee-less', () => {
    // Two identical markets: in one alice moves, in the other she unstakes the same alpha. The
    // chain's move charges the origin's fee only (transition_stake_internal: drop_fee_destination
    // when the origin is a subnet), so the destination's TAO reserve grows by the whole TAO out.
    const a = started();
    const b = started();
    a.stake('alice', 1, 10n * BigInt(TAO), 1);
    b.stake('alice', 1, 10n * BigInt(TAO), 1);
    const half = BigInt(Math.floor(stakeOf(a.net, 1, a.hotkeyAt(1, 0), a.idOf('alice')) / 2));
    b.unstake('alice', 1, half, 1);
    const taoOut = freeBalance(b.net, b.idOf('alice'));
    const y2 = a.net.taoReserve[2];
    const fees0 = a.net.feesTao + BigInt(a.net.feesPending);
    a.moveStake('alice', 1, 2, half, 1);
    expect(a.net.taoReserve[1]).toBe(b.net.taoReserve[1]);
    // the fees of the move are the unstake's fee alone
    expect(a.net.feesTao + BigInt(a.net.feesPending) - fees0).toBe(b.net.feesTao + BigInt(b.net.feesPending) - fees0);
    expect(BigInt(a.net.taoReserve[2] - y2)).toBe(taoOut);
    expect(freeBalance(a.net, a.idOf('alice'))).toBe(0n);
  });

  it('agent ids map to ledger ids in order of first use', () => {
    const m = started();
    expect(m.idOf('world')).toBe(0);
    expect(m.idOf('owner/1')).toBe(1);
    expect(m.hotkeyAt(1, 0)).toBe(m.idOf('v/1'));
    expect([m.idOf('owner/1'), m.idOf('v/1'), m.idOf('m/1'), m.idOf('owner/2'), m.idOf('v/2'), m.idOf('m/2')]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a price shock buy raises the price, a sell of what it bought lowers it; a sell with nothing bought stops the run with a message', () => {
    const sc = oneSubnet({
      duration: 40,
      events: [
        { kind: 'price-shock', block: 1010, netuid: 1, side: 'buy', amount: 500 },
        { kind: 'price-shock', block: 1020, netuid: 1, side: 'sell', amount: 1000 },
      ],
    });
    const rec = memoryRecorder();
    const s = runScenario(sc, rec, { components: { market: createDtaoMarket(sc, { fullCheckEvery: 1 }) } });
    expect(s.conservation.ok).toBe(true);
    const price = column(rec, 'blocks', 'price') as number[];
    // constant product: +500 TAO on ~1009 TAO reserve -> price x ~(1509/1009)^2 ~ 2.2
    expect(price[10] / price[9]).toBeGreaterThan(2);
    expect(price[20]).toBeLessThan(price[19]);
    const bad = oneSubnet({ events: [{ kind: 'price-shock', block: 1005, netuid: 1, side: 'sell', amount: 1 }] });
    expect(() => runScenario(bad, memoryRecorder(), { components: { market: createDtaoMarket(bad) } })).toThrow(/sell shock sells alpha that earlier buy shocks bought/);
  });

  it('refuses subnets with different owner cuts (the chain has one SubnetOwnerCut)', () => {
    const sc = scenario({
      seed: 1,
      duration: 5,
      subnets: [{ netuid: 1 }, { netuid: 2, owner_cut: 100 }],
    });
    expect(() => runScenario(sc, memoryRecorder(), { components: { market: createDtaoMarket(sc) } })).toThrow(/owner_cut: 100.*one value for every subnet/);
  });
});

describe('dTAO market adapter: epochs', () => {
  it('with a consensus (test double) the epoch’s pending is paid out exactly: per-uid emission + owner cut + burns = drained', () => {
    const sc = oneSubnet({ duration: 400, agents: [{ kind: 'honest-validator', count: 2, stake: 100 }, { kind: 'miner', count: 3 }, { kind: 'passive-staker', count: 1, amount: 10 }] });
    const rec = memoryRecorder();
    const market = createDtaoMarket(sc, { fullCheckEvery: 1 });
    // at tempo 360 subnet 1's epoch is due at block 1000 - (1 mod 360) + 360 = 1359
    const s = runScenario(sc, rec, { components: { market, consensus: fakeConsensus() } });
    expect(s.conservation.ok).toBe(true);
    expect(market.stats.undistributedEpochs).toBe(0);
    const eb = column(rec, 'epochs', 'block');
    expect(new Set(eb)).toEqual(new Set([1359]));
    const miner = column(rec, 'epochs', 'miner_emission_alpha') as number[];
    const validator = column(rec, 'epochs', 'validator_emission_alpha') as number[];
    const pendBlock = column(rec, 'blocks', 'block') as number[];
    const ps = column(rec, 'blocks', 'pending_server_alpha') as number[];
    const pv = column(rec, 'blocks', 'pending_validator_alpha') as number[];
    const i = pendBlock.indexOf(1358);
    // miners (uids 2..4) split the server pending by incentive, validators (0, 1) the validator pending
    expect(miner.reduce((a, b) => a + b, 0)).toBe(ps[i] + 410_002_288);
    expect(validator.reduce((a, b) => a + b, 0)).toBe(pv[i] + 410_002_288);
    expect(miner.slice(0, 2)).toEqual([0, 0]);
    expect(validator.slice(2)).toEqual([0, 0, 0]);
    expect(column(rec, 'blocks', 'pending_server_alpha')[pendBlock.indexOf(1359)]).toBe(0);
    // the owner's hotkey got the owner cut
    expect(hotkeyStakeOnSubnet(market.net, 1, market.idOf('owner/1'))).toBe(360 * 179_995_422);
  });

  it('miner_burned: the owner\'s hotkey is weighted with that fraction of the server alpha, which is burned; miners split the rest', () => {
    const sc = oneSubnet({
      duration: 400,
      subnets: [{ netuid: 1, tempo: 360, initial_reserves: { tao: 1000, alpha: 10000 }, pool: { curve: 'constant-product' }, miner_burned: 0.25 }],
      agents: [{ kind: 'honest-validator', count: 2, stake: 100 }, { kind: 'miner', count: 3 }],
    });
    const rec = memoryRecorder();
    const market = createDtaoMarket(sc, { fullCheckEvery: 1 });
    const s = runScenario(sc, rec, { components: { market, consensus: fakeConsensus() } });
    expect(s.conservation.ok).toBe(true);
    expect(new Set(column(rec, 'epochs', 'block'))).toEqual(new Set([1359]));
    const miner = column(rec, 'epochs', 'miner_emission_alpha') as number[];
    const pendBlock = column(rec, 'blocks', 'block') as number[];
    const ps = column(rec, 'blocks', 'pending_server_alpha') as number[];
    const server = ps[pendBlock.indexOf(1358)] + 410_002_288;
    const toMiners = miner.reduce((a, b) => a + b, 0);
    // weights 0.75 x incentive over the miners (summing to 0.75) and 0.25 for the owner: a quarter
    // of the server alpha, to within the one unit largest remainder may move, is burned
    expect(Math.abs(server - toMiners - server / 4)).toBeLessThanOrEqual(1);
    expect(Math.abs(market.net.minerBurned[1] - 0.25)).toBeLessThan(1e-8);
    expect(miner.slice(2).every((x) => x > 0)).toBe(true);
  });

  it('without a consensus the engine runs no epoch: the next block pays the owner cut and burns the rest (counted)', () => {
    const sc = oneSubnet({ duration: 400 });
    const market = createDtaoMarket(sc, { fullCheckEvery: 1 });
    const s = runScenario(sc, memoryRecorder(), { components: { market } });
    expect(s.conservation.ok).toBe(true);
    expect(market.stats.undistributedEpochs).toBe(1);
    expect(market.stats.undistributedAlpha).toBe(360 * 2 * 410_002_288);
    expect(hotkeyStakeOnSubnet(market.net, 1, market.idOf('owner/1'))).toBe(360 * 179_995_422);
    expect(market.net.alphaBurned[1]).toBeGreaterThanOrEqual(360 * 2 * 410_002_288);
  });
});
