/**
 * The data a run's report embeds, checked against values worked out by hand from the CSVs in
 * test/fixtures/report/run-tiny (the arithmetic is in the comments).
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRunReportData, isCabalKind, readRunFiles, subnetsToShow } from '../../src/report/index.ts';

const TINY = resolve(import.meta.dirname, '../fixtures/report/run-tiny');
const d = buildRunReportData(readRunFiles(TINY));
const pick = <T extends { netuid: string }>(rows: T[], net: string) => rows.filter((r) => r.netuid === net);

describe('run report data from run-tiny', () => {
  it('network series: issuance and reward in TAO, every row kept (4 rows < 2000)', () => {
    expect(d.network.map((r) => r.block)).toEqual([100, 101, 102, 103]);
    // 10499999000000000 rao = 10,499,999 TAO; 10500000750000000 rao = 10,500,000.75 TAO.
    expect(d.network[0].issuanceTao).toBe(10_499_999);
    expect(d.network[3].issuanceTao).toBe(10_500_000.75);
    expect(d.network.map((r) => r.blockRewardTao)).toEqual([1, 0.5, 0.5, 0.5]);
    expect(d.network[3].recycledTao).toBe(0.25);
    expect(d.sizes.networkRows).toBe(4);
    expect(d.sizes.networkPoints).toBe(4);
  });

  it('halvings come from summary.json', () => {
    expect(d.halvings).toEqual([{ index: 1, block: 101, issuanceTao: 10_500_000, label: 'halving 1' }]);
  });

  it('subnet series: price, reserves in TAO / alpha and emission share per subnet', () => {
    const s3 = pick(d.subnets, 'subnet 3');
    expect(s3.map((r) => r.block)).toEqual([100, 102]);
    expect(s3[0]).toEqual({ block: 100, netuid: 'subnet 3', price: 0.02, movingPrice: 0.019, taoReserveTao: 2000, alphaReserve: 100_000, emissionShare: 0.75 });
    // tao_reserve 2001100000000 rao = 2001.1 TAO; alpha_reserve 97600000000000 = 97,600 alpha.
    expect(s3[1].taoReserveTao).toBe(2001.1);
    expect(s3[1].alphaReserve).toBe(97_600);
    expect(pick(d.subnets, 'subnet 7').map((r) => r.emissionShare)).toEqual([0.25, 0.3]);
  });

  it('reward by agent kind: shares of each subnet\'s alpha over the whole run', () => {
    // subnet 3: honest 0.3 + 0.2 = 0.5, cabal 0.1 + 0.2 = 0.3, miner 0.32 + 0.2 = 0.52, cabal_miner 0.08 + 0.2 = 0.28; total 1.6.
    expect(pick(d.rewardByKind, 'subnet 3')).toEqual([
      { netuid: 'subnet 3', agentKind: 'cabal', rewardAlpha: 0.3, share: 0.1875 },
      { netuid: 'subnet 3', agentKind: 'cabal_miner', rewardAlpha: 0.28, share: 0.175 },
      { netuid: 'subnet 3', agentKind: 'honest', rewardAlpha: 0.5, share: 0.3125 },
      { netuid: 'subnet 3', agentKind: 'miner', rewardAlpha: 0.52, share: 0.325 },
    ]);
    // subnet 7: weight_copier 0.5, miners 0.125 + 0.375 = 0.5.
    expect(pick(d.rewardByKind, 'subnet 7').map((r) => [r.agentKind, r.share])).toEqual([['miner', 0.5], ['weight_copier', 0.5]]);
  });

  it('the cabal: reward share against stake share, per subnet, per epoch and from summary.json', () => {
    expect(d.hasCabal).toBe(true);
    // subnet 3: cabal rewards 0.58 of 1.6 = 0.3625; stake 400 of 1000 in both epochs = 0.4.
    expect(pick(d.cabalShares, 'subnet 3')).toEqual([
      { netuid: 'subnet 3', measure: 'stake share', value: 0.4 },
      { netuid: 'subnet 3', measure: 'reward share', value: 0.3625 },
    ]);
    expect(pick(d.cabalShares, 'subnet 7').map((r) => r.value)).toEqual([0, 0]);
    expect(pick(d.cabalShares, 'whole run (summary.json)').map((r) => r.value)).toEqual([0.2666666667, 0.2230769231]);
    // epoch 101: (0.1 + 0.08) / 0.8 = 0.225; epoch 103: (0.2 + 0.2) / 0.8 = 0.5.
    expect(pick(d.cabalSeries, 'subnet 3').filter((r) => r.measure === 'reward share').map((r) => [r.block, r.value])).toEqual([[101, 0.225], [103, 0.5]]);
  });

  it('validator trust and miner incentive: means per kind per epoch', () => {
    expect(pick(d.trust, 'subnet 3').map((r) => [r.block, r.agentKind, r.validatorTrust])).toEqual([
      [101, 'cabal', 0.5], [101, 'honest', 0.9], [103, 'cabal', 0.6], [103, 'honest', 0.7],
    ]);
    // subnet 7, epoch 102: miners 0.25 and 0.75, mean 0.5.
    expect(pick(d.incentive, 'subnet 7')).toEqual([{ block: 102, netuid: 'subnet 7', agentKind: 'miner', incentive: 0.5 }]);
    expect(pick(d.trust, 'subnet 7')).toEqual([{ block: 102, netuid: 'subnet 7', agentKind: 'weight_copier', validatorTrust: 1 }]);
  });

  it('conservation, totals in TAO, gaming metrics and the scenario table', () => {
    expect(d.conservation).toEqual({ ok: true, checkedBlocks: 4, firstFailure: null });
    expect(d.totals).toContainEqual({ name: 'minted', value: '2.5 TAO' });
    expect(d.totals).toContainEqual({ name: 'issuance end', value: '10500000.75 TAO' });
    expect(d.totals).toContainEqual({ name: 'pending alpha end', value: '1640000000' });
    expect(d.gaming).toContainEqual({ name: 'cabal reward share', value: '22.31%' });
    expect(d.gaming).toContainEqual({ name: 'mean validator trust: weight_copier', value: '1' });
    expect(d.parameters).toContainEqual({ path: 'subnets[1].netuid', value: '7' });
    expect(d.parameters).toContainEqual({ path: 'outputs', value: '{}' });
  });
});

describe('run report rules', () => {
  it('cabal kinds are those starting with "cabal"', () => {
    expect(['cabal', 'cabal_miner', 'Cabal-validator', 'honest', 'anticabal'].map(isCabalKind)).toEqual([true, true, true, false, false]);
  });

  it('at most 12 subnets shown: the largest mean emission share, ties to the lower netuid', () => {
    const rows = Array.from({ length: 20 }, (_, k) => ({
      block: 1, netuid: k, emissionShare: k < 10 ? 0.01 : 0.05, price: 1, movingPrice: 1, taoReserveRao: 0n, alphaReserveAlpha: 0n,
    }));
    expect(subnetsToShow(rows)).toEqual([0, 1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('a long run is downsampled to at most 2000 points per series and keeps the halving step', () => {
    const files = readRunFiles(TINY);
    const network = Array.from({ length: 50_000 }, (_, i) => ({
      block: i, issuanceRao: BigInt(i) * 1_000_000_000n, blockRewardRao: i < 31_337 ? 1_000_000_000n : 500_000_000n, recycledRao: 0n,
      halvings: i < 31_337 ? 0 : 1, shareRule: 'x',
    }));
    const big = buildRunReportData({ ...files, network });
    expect(big.network.length).toBeLessThanOrEqual(2000);
    expect(big.sizes.networkRows).toBe(50_000);
    const at = big.network.findIndex((r) => r.blockRewardTao === 0.5);
    expect(big.network[at].block).toBe(31_337);
    expect(big.network[at - 1].blockRewardTao).toBe(1);
    expect(big.network[0].block).toBe(0);
    expect(big.network[big.network.length - 1].block).toBe(49_999);
  });
});

describe('the generated cabal fixture', () => {
  it('reads and summarises the run-cabal fixture (2 subnets, cabal present)', () => {
    const c = buildRunReportData(readRunFiles(join(TINY, '../run-cabal')));
    expect(c.sizes.subnetsShown).toEqual([1, 2]);
    expect(c.sizes.networkRows).toBe(301);
    expect(c.sizes.epochRows).toBe(480);
    expect(c.hasCabal).toBe(true);
    // 30 epochs on each of 2 subnets.
    expect(c.sizes.epochGroups).toBe(60);
  });
});
