/**
 * Conformance with the chain's coinbase and emission-share tests
 * (pallets/subtensor/src/tests/coinbase.rs, subnet_emissions.rs at subtensor 14bc6f9f).
 * The chain's mock runtime has owner cut 0 and TAO weight 0 unless a test sets them;
 * `set_full_injection_root_stake` is root TAO 1e18 with TAO weight 1.0 (here 1e15 root TAO,
 * enough to keep root_proportion ~1 within our 2^53 bounds, and w = 1).
 */
import { describe, expect, it } from 'vitest';
import {
  createNetwork,
  creditEpoch,
  powNormalize,
  priceBurnShares,
  rootProportion,
  seedSubnet,
  stepBlock,
  updateMovingPrice,
  type Network,
  type NetworkOptions,
} from '../../src/dtao-amm/index.ts';
import { expectConservation } from '../helpers/expectConservation.ts';

const U64_MAX = 18_446_744_073_709_551_615n;
const FULL_ROOT: NetworkOptions = {
  rootStake: [{ hotkey: 9000, coldkey: 9000, rao: 1_000_000_000_000_000n }],
  params: { ownerCutU16: 0, taoWeightU64: U64_MAX, maxEpochsPerBlock: 32 },
  maxNetuid: 8,
  block: 1,
};

function seed(net: Network, netuid: number, tao: number, alpha: number, movingPrice: number, extra: object = {}) {
  seedSubnet(net, { netuid, ownerColdkey: 100 + netuid, ownerHotkey: 200 + netuid, taoReserve: tao, alphaReserve: alpha, movingPrice, tempo: 10_000, ...extra });
}

describe('coinbase.rs emission to subnets', () => {
  it('test_coinbase_tao_issuance_base: one subnet gets the whole emission into its TAO reserve', () => {
    const net = createNetwork(FULL_ROOT);
    seed(net, 1, 1_000_000_000_000, 1_000_000_000_000, 1);
    stepBlock(net, 1_234_567);
    expect(net.taoReserve[1]).toBe(1_000_000_000_000 + 1_234_567);
    expectConservation(net);
  });

  it('test_coinbase_tao_issuance_multiple: three equal subnets get emission / 3 each (+-1)', () => {
    const net = createNetwork(FULL_ROOT);
    for (const s of [1, 2, 3]) seed(net, s, 1e12, 1e12, 1);
    stepBlock(net, 3_333_333);
    for (const s of [1, 2, 3]) expect(Math.abs(net.taoReserve[s] - 1e12 - 1_111_111)).toBeLessThanOrEqual(1);
    const total = net.taoReserve[1] + net.taoReserve[2] + net.taoReserve[3] - 3e12;
    expect(Math.abs(total - 3_333_333)).toBeLessThanOrEqual(3);
    expectConservation(net);
  });

  it('test_coinbase_tao_issuance_different_prices: moving prices 0.1 / 0.2 split 1/3 : 2/3 (+-10)', () => {
    const net = createNetwork({ ...FULL_ROOT, params: { ...FULL_ROOT.params, minimumReserve: 0 } });
    seed(net, 1, 100_000, 1_000_000, 0.1);
    seed(net, 2, 100_000, 500_000, 0.2);
    stepBlock(net, 100_000_000);
    expect(Math.abs(net.taoReserve[1] - (100_000 + 100_000_000 / 3))).toBeLessThanOrEqual(10);
    expect(Math.abs(net.taoReserve[2] - (100_000 + (2 * 100_000_000) / 3))).toBeLessThanOrEqual(10);
    expectConservation(net);
  });

  it('test_coinbase_alpha_issuance_base: price 1, alpha_in = tao_in = emission / 2', () => {
    const net = createNetwork(FULL_ROOT);
    seed(net, 1, 1_000_000, 1_000_000, 1);
    seed(net, 2, 1_000_000, 1_000_000, 1);
    stepBlock(net, 1_000_000);
    expect(net.alphaIn[1]).toBe(1_000_000 + 500_000);
    expect(net.alphaIn[2]).toBe(1_000_000 + 500_000);
    expectConservation(net);
  });

  it('test_coinbase_alpha_issuance_different: prices 1 and 2 -> both alpha_in 333_333', () => {
    const net = createNetwork(FULL_ROOT);
    seed(net, 1, 1_000_000, 1_000_000, 1);
    seed(net, 2, 2_000_000, 1_000_000, 2);
    stepBlock(net, 1_000_000);
    expect(net.alphaIn[1]).toBe(1_000_000 + Math.floor(1_000_000 / 3));
    expect(net.alphaIn[2]).toBe(1_000_000 + Math.floor(Math.floor((1_000_000 * 2) / 3) / 2));
    expectConservation(net);
  });

  it('test_coinbase_alpha_issuance_with_cap_trigger: alpha_in stays under a full block, alpha_out = 1e9', () => {
    const net = createNetwork({ ...FULL_ROOT, params: { ...FULL_ROOT.params, minimumReserve: 0 } });
    seed(net, 1, 1_000, 1_000_000_000, 1);
    seed(net, 2, 1_000, 1_000_000_000, 2);
    stepBlock(net, 1_000_000);
    for (const s of [1, 2]) {
      expect(net.alphaIn[s]).toBeLessThan(1_000_000_000 + 1_000_000_000);
      expect(net.lastAlphaOut[s]).toBe(1_000_000_000);
    }
    expectConservation(net);
  });

  it('test_coinbase_alpha_issuance_with_cap_trigger_and_block_emission (cap forced to 0): all TAO buys alpha for the protocol', () => {
    // The chain forces the cap to 0 with alpha issuance 21e15 (past our 2^53 bound); a zero
    // root stake gives root_proportion 0 and the same cap of 0.
    const net = createNetwork({ ...FULL_ROOT, rootStake: [], params: { ...FULL_ROOT.params, minimumReserve: 0 } });
    seed(net, 1, 10_000, 1_000_000_000, 1);
    seed(net, 2, 10_000, 1_000_000_000, 2);
    const p1 = net.taoReserve[1] / net.alphaIn[1];
    const p2 = net.taoReserve[2] / net.alphaIn[2];
    stepBlock(net, 1_000_000);
    expect(net.protocolAlpha[1] > 0 || net.protocolAlpha[2] > 0).toBe(true);
    for (const s of [1, 2]) {
      expect(net.alphaIn[s]).toBeLessThan(1_000_000_000);
      expect(net.lastAlphaIn[s]).toBe(0);
    }
    expect(net.taoReserve[1] / net.alphaIn[1]).toBeGreaterThan(p1);
    expect(net.taoReserve[2] / net.alphaIn[2]).toBeGreaterThan(p2);
    expectConservation(net);
  });

  it('test_coinbase_subnet_terms_with_alpha_in_lte_alpha_emission: tao_in = emission, alpha_in = emission / price', () => {
    const net = createNetwork(FULL_ROOT);
    seed(net, 1, 1e15, 1e15, 1);
    stepBlock(net, 34_566_756);
    expect(net.lastTaoIn[1]).toBe(34_566_756);
    expect(net.lastAlphaIn[1]).toBe(34_566_756);
    expect(net.lastExcessTao[1]).toBe(0);
  });

  it('test_coinbase_subnet_terms_with_alpha_in_gt_alpha_emission: alpha_in capped at root_proportion x alpha_emission', () => {
    const net = createNetwork(FULL_ROOT);
    seed(net, 1, 1_000_000_000, 100_000_000_000, 1); // price 0.01
    const rp = rootProportion(net, 1);
    const cap = rp * 1e9;
    const taoEmission = 1e9 * 0.01 + 1; // alpha_emission * price + a little
    stepBlock(net, taoEmission);
    expect(taoEmission / 0.01).toBeGreaterThan(cap);
    expect(Math.abs(net.lastAlphaIn[1] - cap)).toBeLessThanOrEqual(cap / 1000);
    expect(Math.abs(net.lastTaoIn[1] - net.lastAlphaIn[1] * 0.01)).toBeLessThanOrEqual(1);
    expect(net.lastExcessTao[1]).toBe(taoEmission - net.lastTaoIn[1]);
    expectConservation(net);
  });

  it('test_get_subnet_terms_alpha_emissions_cap: 1e8 at price 1 is not capped, 1e10 is', () => {
    const a = createNetwork(FULL_ROOT);
    seed(a, 1, 1e12, 1e12, 1);
    const cap = rootProportion(a, 1) * 1e9;
    stepBlock(a, 100_000_000);
    expect(a.lastAlphaIn[1]).toBe(100_000_000);
    const b = createNetwork(FULL_ROOT);
    seed(b, 1, 1e12, 1e12, 1);
    stepBlock(b, 10_000_000_000);
    expect(b.lastAlphaIn[1]).toBe(Math.floor(cap));
    expectConservation(b);
  });

  it('test_root_proportion: w R / (w R + alpha issuance)', () => {
    const tw = 3_320_413_933_267_719_290n;
    const net = createNetwork({ rootStake: [{ hotkey: 1, coldkey: 1, rao: 1_000_000_000_000n }], params: { taoWeightU64: tw }, maxNetuid: 2 });
    seed(net, 1, 1e9, 100_000_000_000, 1);
    const w = Number(tw) / Number(U64_MAX);
    expect(Math.abs(rootProportion(net, 1) - (w * 1e12) / (w * 1e12 + 1e11))).toBeLessThan(1e-12);
  });
});

describe('coinbase.rs pending split', () => {
  it('test_owner_cut_base: cut 0 -> nothing pending; cut 65535 -> the whole 1e9', () => {
    const a = createNetwork({ ...FULL_ROOT, params: { ...FULL_ROOT.params, ownerCutU16: 0 } });
    seed(a, 1, 1e12, 1e12, 1);
    stepBlock(a, 0);
    expect(a.pendingOwner[1]).toBe(0);
    const b = createNetwork({ ...FULL_ROOT, params: { ...FULL_ROOT.params, ownerCutU16: 65535 } });
    seed(b, 1, 1e12, 1e12, 1);
    stepBlock(b, 0);
    expect(b.pendingOwner[1]).toBe(1_000_000_000);
    expectConservation(b);
  });

  it('test_pending_emission: root_prop 1/4 -> server 5e8, validator 5e8 - 1.25e8, root 1.25e8 (+-1)', () => {
    const net = createNetwork({
      rootStake: [{ hotkey: 9000, coldkey: 9000, rao: 1_000_000_000n }],
      params: { ownerCutU16: 0, taoWeightU64: U64_MAX },
      maxNetuid: 2,
      block: 12,
    });
    // alpha issuance 2e9 + 1 before the block (two earlier blocks of alpha out), 3e9 + 1 after.
    seedSubnet(net, {
      netuid: 1, ownerColdkey: 2, ownerHotkey: 1, taoReserve: 1_000_000, alphaReserve: 1, movingPrice: 2, tempo: 10_000,
      stakes: [{ hotkey: 1, coldkey: 2, alpha: 2_000_000_000 }],
    });
    stepBlock(net, 0);
    expect(Math.abs(net.pendingServer[1] - 500_000_000)).toBeLessThanOrEqual(1);
    expect(Math.abs(net.pendingValidator[1] - (500_000_000 - 125_000_000))).toBeLessThanOrEqual(1);
    expect(Math.abs(net.pendingRoot[1] - 125_000_000)).toBeLessThanOrEqual(1);
    expectConservation(net);
  });

  for (const rootSell of [false, true]) {
    it(`test_coinbase_emit_to_subnets_with_${rootSell ? '' : 'no_'}root_sell: owner cut 10%, halves, root part (+-200)`, () => {
      const net = createNetwork({
        rootStake: [{ hotkey: 9000, coldkey: 9000, rao: 500_000_000_000_000n }],
        params: { ownerCutU16: Math.floor(65535 / 10), taoWeightU64: U64_MAX / 10n },
        maxNetuid: 2,
        block: 1,
      });
      seed(net, 1, 1e15, 1e15, rootSell ? 2 : 0.5);
      stepBlock(net, 12_345_678);
      const alphaEmission = 1e9;
      const cut = (Math.floor(65535 / 10) / 65535) * alphaEmission;
      const issuance = net.alphaIn[1] + net.alphaOut[1] + (rootSell ? 0 : net.alphaRecycled[1]);
      const w = Number(U64_MAX / 10n) / Number(U64_MAX);
      const rp = (w * 5e14) / (w * 5e14 + issuance);
      const rootDivs = rp * (alphaEmission - cut) * 0.5;
      expect(Math.abs(net.pendingOwner[1] - cut)).toBeLessThanOrEqual(200);
      expect(Math.abs(net.pendingRoot[1] - (rootSell ? rootDivs : 0))).toBeLessThanOrEqual(200);
      expect(Math.abs(net.pendingServer[1] - (alphaEmission - cut) / 2)).toBeLessThanOrEqual(200);
      expect(Math.abs(net.pendingValidator[1] - ((alphaEmission - cut) / 2 - rootDivs))).toBeLessThanOrEqual(200);
      if (!rootSell) expect(Math.abs(net.alphaRecycled[1] - rootDivs)).toBeLessThanOrEqual(200);
      expectConservation(net);
    });
  }

  it('test_epochs_deferred_this_block_respects_cap: cap + 2 due subnets -> cap run, 2 deferred a block', () => {
    const cap = 2;
    const net = createNetwork({ ...FULL_ROOT, params: { ...FULL_ROOT.params, maxEpochsPerBlock: cap } });
    for (let s = 1; s <= cap + 2; s++) seed(net, s, 1e12, 1e12, 1);
    for (let s = 1; s <= cap + 2; s++) net.pendingEpochAt[s] = 1; // force "due this block"
    stepBlock(net, 1_000_000);
    expect(Array.from(net.epochNetuids.subarray(0, net.epochCount))).toEqual([1, 2]);
    expect(net.pendingEpochAt[3]).toBe(2);
    expect(net.pendingEpochAt[4]).toBe(2);
    for (const s of [1, 2]) creditEpoch(net, s, [200 + s], [0], [1]);
    stepBlock(net, 1_000_000);
    expect(Array.from(net.epochNetuids.subarray(0, net.epochCount))).toEqual([3, 4]);
  });
});

describe('coinbase.rs moving price', () => {
  it('test_coinbase_moving_prices: alpha 0.1, 28 days in, 14 updates from 0 -> 0.512325 (+-0.001)', () => {
    const net = createNetwork({ maxNetuid: 2, params: { movingAlpha: 0.1, emaPriceHalvingBlocks: 201_600 } });
    seed(net, 1, 1_000_000, 1_000_000, 0, { firstEmissionBlock: 1 });
    for (let i = 0; i < 14; i++) updateMovingPrice(net, 1, 7_200 * 28);
    expect(Math.abs(net.movingPrice[1] - 0.512325)).toBeLessThanOrEqual(0.001);
  });
  it('test_update_moving_price_initial: 10 blocks after start the EMA barely moves (< 0.001)', () => {
    const net = createNetwork({ maxNetuid: 2, params: { movingAlpha: 0.5 } });
    seed(net, 1, 1_000_000, 1_000_000, 0, { firstEmissionBlock: 500 });
    updateMovingPrice(net, 1, 510);
    expect(net.movingPrice[1]).toBeLessThan(0.001);
  });
  it('stepBlock moves each subnet by its own start: subnets started at different blocks, interleaved, each get update_moving_price by hand', () => {
    // Five subnets whose FirstEmissionBlockNumber alternates (a factor kept from the subnet before
    // would be the wrong one) and one never started (first 0: no emission, no update).
    const firsts = [3, 900, 900, 3, 40, 0];
    const net = createNetwork({ maxNetuid: 6, params: { movingAlpha: 0.1, emaPriceHalvingBlocks: 1_000 } });
    firsts.forEach((first, i) => seed(net, i + 1, 1_000_000 * (i + 1), 3_000_000, 0.25, first === 0 ? {} : { firstEmissionBlock: first }));
    net.started[6] = 0;
    for (let k = 0; k < 1_200; k++) stepBlock(net, 0);
    const block = net.block;
    const before = Array.from(net.movingPrice);
    stepBlock(net, 1_000_000);
    for (let s = 1; s <= 5; s++) {
      const start = firsts[s - 1] - 1;
      const a = (0.1 * (block - start)) / (block - start + 1_000);
      const price = net.taoReserve[s] / net.alphaIn[s];
      expect([s, net.movingPrice[s]]).toEqual([s, a * Math.min(price, 1) + (1 - a) * before[s]]);
    }
    expect(net.movingPrice[6]).toBe(before[6]);
  });
  it('test_update_moving_price_after_time: long after start one update moves half way (+-0.001)', () => {
    const net = createNetwork({ maxNetuid: 2, params: { movingAlpha: 0.5 } });
    seed(net, 1, 1_000_000, 1_000_000, 0, { firstEmissionBlock: 500 });
    updateMovingPrice(net, 1, 144_000_500);
    expect(Math.abs(net.movingPrice[1] - 0.5)).toBeLessThan(0.001);
  });
});

describe('subnet_emissions.rs shares', () => {
  const marked = new Uint8Array([0, 1, 1, 1]);
  it('inplace_pow_normalize_regular_case_relative_proportions_preserved: 2,3,5 at p=1 -> .2,.3,.5', () => {
    const v = new Float64Array([0, 2, 3, 5]);
    powNormalize(v, marked, 3, 1, 5);
    expect(Math.abs(v[1] - 0.2)).toBeLessThan(0.001);
    expect(Math.abs(v[2] - 0.3)).toBeLessThan(0.001);
    expect(Math.abs(v[3] - 0.5)).toBeLessThan(0.001);
    expect(Math.abs(v[1] + v[2] + v[3] - 1)).toBeLessThan(1e-12);
  });
  it('inplace_pow_normalize_fractional_exponent: p from 1 to 2 gives x^p / sum (1%)', () => {
    for (const p of [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0]) {
      const v = new Float64Array([0, 2, 3, 5]);
      powNormalize(v, marked, 3, p, 5);
      const sum = 2 ** p + 3 ** p + 5 ** p;
      [2, 3, 5].forEach((x, i) => expect(Math.abs(v[i + 1] - x ** p / sum)).toBeLessThanOrEqual(x ** p / sum / 100));
      expect(Math.abs(v[1] + v[2] + v[3] - 1)).toBeLessThan(1e-12);
    }
  });
  it('inplace_pow_normalize_all_zero_inputs_no_panic_and_unchanged / tiny / large values', () => {
    const z = new Float64Array([0, 0, 0, 0]);
    powNormalize(z, marked, 3, 1, 0);
    expect(Array.from(z)).toEqual([0, 0, 0, 0]);
    const t = new Float64Array([0, 1e-9, 2e-9, 3e-9]);
    powNormalize(t, marked, 3, 2, 3e-9);
    [1, 4, 9].forEach((x, i) => expect(Math.abs(t[i + 1] - x / 14)).toBeLessThanOrEqual(x / 14 / 100));
    const l = new Float64Array([0, 1e9, 5e9, 1e10]);
    powNormalize(l, marked, 3, 2, 1e10);
    expect(Math.abs(l[1] + l[2] + l[3] - 1)).toBeLessThan(1e-9);
  });
  it('get_shares_ignores_root_prop_storage_when_prices_and_burns_match: 0.5 / 0.5', () => {
    const net = createNetwork({ maxNetuid: 2 });
    seed(net, 1, 1e12, 1e12, 1);
    seed(net, 2, 1e12, 1e12, 1);
    const share = new Float64Array(3);
    priceBurnShares(net, new Uint8Array([0, 1, 1]), share);
    expect(Math.abs(share[1] - 0.5)).toBeLessThan(1e-9);
    expect(Math.abs(share[2] - 0.5)).toBeLessThan(1e-9);
  });
});
