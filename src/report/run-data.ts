/**
 * The data a run's report embeds, built by one pure function from the parsed result files.
 * Amounts are shown in TAO (or alpha) via the one named conversion raoToTao; floats are
 * rounded to SIG_DIGITS (10) significant digits (sig); long series are downsampled (downsample.ts).
 */
import { formatTao, raoToTao } from '../money/index.ts';
import type { BlockRow, EpochRow, NetworkRow } from './columns.ts';
import { MAX_SERIES_POINTS, downsampleM4, sig } from './downsample.ts';
import { flattenParameters, type ParameterRow } from './parameters.ts';
import type { RunSummary } from './summary.ts';

/** Subnets drawn in the per-subnet charts: the ones with the largest mean emission share. */
export const MAX_SUBNETS_SHOWN = 12;
/** Epochs per subnet kept in the epoch charts; beyond it consecutive epochs are merged. */
export const MAX_EPOCH_POINTS = MAX_SERIES_POINTS;
/**
 * Points shared by all shown subnets' block series, and epoch points shared by all shown
 * subnets: with many subnets each gets fewer, so the page stays small (2 subnets: 1500 points
 * each; 12 subnets: 250 each, and at least 100 epoch points).
 */
export const SUBNET_POINTS_TOTAL = 3000;
export const EPOCH_POINTS_TOTAL = 1500;

/** Points per subnet series when `shown` subnets share a total budget. */
export function pointsPerSubnet(total: number, max: number, shown: number): number {
  return Math.min(max, Math.max(100, Math.floor(total / Math.max(1, shown))));
}

/** An agent is in the cabal when its agent_kind starts with "cabal" (cabal, cabal_miner, ...). */
export function isCabalKind(kind: string): boolean {
  return kind.toLowerCase().startsWith('cabal');
}

export interface RunFiles {
  summary: RunSummary;
  scenarioYaml: string;
  network: readonly NetworkRow[];
  blocks: readonly BlockRow[];
  epochs: readonly EpochRow[];
}

export interface RunReportData {
  kind: 'run';
  title: string;
  meta: { scenarioName: string; seed: string; taosimVersion: string; blocks: number; startBlock: number; endBlock: number };
  sizes: {
    networkRows: number; networkPoints: number; blockRows: number; blockPoints: number;
    epochRows: number; epochGroups: number; epochsPerPoint: number; subnets: number; subnetsShown: number[];
  };
  network: { block: number; issuanceTao: number | null; blockRewardTao: number | null; recycledTao: number | null; halvings: number }[];
  halvings: { index: number; block: number; issuanceTao: number | null; label: string }[];
  subnets: {
    block: number; netuid: string; price: number | null; movingPrice: number | null;
    taoReserveTao: number | null; alphaReserve: number | null; emissionShare: number | null;
  }[];
  rewardByKind: { netuid: string; agentKind: string; rewardAlpha: number | null; share: number | null }[];
  cabalShares: { netuid: string; measure: 'reward share' | 'stake share'; value: number | null }[];
  cabalSeries: { block: number; netuid: string; measure: 'reward share' | 'stake share'; value: number | null }[];
  trust: { block: number; netuid: string; agentKind: string; validatorTrust: number | null }[];
  incentive: { block: number; netuid: string; agentKind: string; incentive: number | null }[];
  hasCabal: boolean;
  conservation: { ok: boolean; checkedBlocks: number; firstFailure: string | null };
  totals: { name: string; value: string }[];
  gaming: { name: string; value: string }[];
  parameters: ParameterRow[];
}

const netLabel = (netuid: number): string => `subnet ${netuid}`;

function networkSeries(rows: readonly NetworkRow[]): RunReportData['network'] {
  const sorted = [...rows].sort((a, b) => a.block - b.block);
  return downsampleM4(sorted, (r) => Number(r.blockRewardRao)).map((r) => ({
    block: r.block,
    issuanceTao: sig(raoToTao(r.issuanceRao)),
    blockRewardTao: sig(raoToTao(r.blockRewardRao)),
    recycledTao: sig(raoToTao(r.recycledRao)),
    halvings: r.halvings,
  }));
}

/** Netuids by mean emission share, largest first (ties: lower netuid first), at most `max`. */
export function subnetsToShow(rows: readonly BlockRow[], max = MAX_SUBNETS_SHOWN): number[] {
  const sum = new Map<number, { s: number; n: number }>();
  for (const r of rows) {
    const a = sum.get(r.netuid) ?? { s: 0, n: 0 };
    if (r.emissionShare !== null) {
      a.s += r.emissionShare;
      a.n++;
    }
    sum.set(r.netuid, a);
  }
  const mean = (a: { s: number; n: number }) => (a.n > 0 ? a.s / a.n : 0);
  return [...sum.entries()]
    .sort((x, y) => mean(y[1]) - mean(x[1]) || x[0] - y[0])
    .slice(0, max)
    .map(([k]) => k)
    .sort((a, b) => a - b);
}

function subnetSeries(rows: readonly BlockRow[], shown: readonly number[]): RunReportData['subnets'] {
  const out: RunReportData['subnets'] = [];
  for (const netuid of shown) {
    const series = rows.filter((r) => r.netuid === netuid).sort((a, b) => a.block - b.block);
    const budget = pointsPerSubnet(SUBNET_POINTS_TOTAL, MAX_SERIES_POINTS, shown.length);
    for (const r of downsampleM4(series, (x) => x.price, budget)) {
      out.push({
        block: r.block,
        netuid: netLabel(netuid),
        price: sig(r.price),
        movingPrice: sig(r.movingPrice),
        taoReserveTao: sig(raoToTao(r.taoReserveRao)),
        alphaReserve: sig(raoToTao(r.alphaReserveAlpha)),
        emissionShare: sig(r.emissionShare),
      });
    }
  }
  return out;
}

interface KindAcc { trustSum: number; trustN: number; incSum: number; incN: number }
interface EpochAcc {
  block: number;
  kinds: Map<string, KindAcc>;
  cabalStake: number;
  totalStake: number;
  cabalReward: bigint;
  totalReward: bigint;
}

function kindAcc(m: Map<string, KindAcc>, kind: string): KindAcc {
  let a = m.get(kind);
  if (!a) m.set(kind, (a = { trustSum: 0, trustN: 0, incSum: 0, incN: 0 }));
  return a;
}

/** Per subnet, its epochs in block order, merged `perPoint` at a time (sums add up). */
function epochGroups(rows: readonly EpochRow[], shown: readonly number[]): { byNet: Map<number, EpochAcc[]>; perPoint: number } {
  const shownSet = new Set(shown);
  const byNet = new Map<number, Map<number, EpochAcc>>();
  for (const r of rows) {
    if (!shownSet.has(r.netuid)) continue;
    let m = byNet.get(r.netuid);
    if (!m) byNet.set(r.netuid, (m = new Map()));
    let e = m.get(r.block);
    if (!e) m.set(r.block, (e = { block: r.block, kinds: new Map(), cabalStake: 0, totalStake: 0, cabalReward: 0n, totalReward: 0n }));
    const k = kindAcc(e.kinds, r.agentKind);
    if (r.role === 'validator' && r.validatorTrust !== null) {
      k.trustSum += r.validatorTrust;
      k.trustN++;
    }
    if (r.role === 'miner' && r.incentive !== null) {
      k.incSum += r.incentive;
      k.incN++;
    }
    const reward = r.minerEmissionAlpha + r.validatorEmissionAlpha;
    e.totalStake += r.stake;
    e.totalReward += reward;
    if (isCabalKind(r.agentKind)) {
      e.cabalStake += r.stake;
      e.cabalReward += reward;
    }
  }
  let most = 0;
  for (const m of byNet.values()) most = Math.max(most, m.size);
  const perPoint = Math.max(1, Math.ceil(most / pointsPerSubnet(EPOCH_POINTS_TOTAL, MAX_EPOCH_POINTS, shown.length)));
  const out = new Map<number, EpochAcc[]>();
  for (const [netuid, m] of byNet) {
    const epochs = [...m.values()].sort((a, b) => a.block - b.block);
    const merged: EpochAcc[] = [];
    for (let i = 0; i < epochs.length; i += perPoint) {
      const g: EpochAcc = { block: epochs[i].block, kinds: new Map(), cabalStake: 0, totalStake: 0, cabalReward: 0n, totalReward: 0n };
      for (const e of epochs.slice(i, i + perPoint)) {
        g.cabalStake += e.cabalStake;
        g.totalStake += e.totalStake;
        g.cabalReward += e.cabalReward;
        g.totalReward += e.totalReward;
        for (const [kind, a] of e.kinds) {
          const t = kindAcc(g.kinds, kind);
          t.trustSum += a.trustSum;
          t.trustN += a.trustN;
          t.incSum += a.incSum;
          t.incN += a.incN;
        }
      }
      merged.push(g);
    }
    out.set(netuid, merged);
  }
  return { byNet: out, perPoint };
}

/** a / b as a float for bigints (0 when b is 0), via raoToTao-free exact division to 1e-12. */
function ratio(a: bigint, b: bigint): number | null {
  if (b === 0n) return null;
  const SCALE = 1_000_000_000_000n;
  return Number((a * SCALE) / b) / Number(SCALE);
}

function rewardByKind(rows: readonly EpochRow[], shown: readonly number[]): RunReportData['rewardByKind'] {
  const totals = new Map<number, Map<string, bigint>>();
  for (const r of rows) {
    if (!shown.includes(r.netuid)) continue;
    let m = totals.get(r.netuid);
    if (!m) totals.set(r.netuid, (m = new Map()));
    m.set(r.agentKind, (m.get(r.agentKind) ?? 0n) + r.minerEmissionAlpha + r.validatorEmissionAlpha);
  }
  const out: RunReportData['rewardByKind'] = [];
  for (const netuid of [...totals.keys()].sort((a, b) => a - b)) {
    const m = totals.get(netuid)!;
    let all = 0n;
    for (const v of m.values()) all += v;
    for (const kind of [...m.keys()].sort()) {
      out.push({ netuid: netLabel(netuid), agentKind: kind, rewardAlpha: sig(raoToTao(m.get(kind)!)), share: sig(ratio(m.get(kind)!, all)) });
    }
  }
  return out;
}

function describeFailure(f: unknown): string | null {
  if (f === null || f === undefined) return null;
  return typeof f === 'string' ? f : JSON.stringify(f);
}

function totalsTable(totals: Record<string, unknown>): RunReportData['totals'] {
  return Object.keys(totals).map((name) => {
    const v = totals[name];
    const shown = name.replace(/_rao$/, '').replace(/_/g, ' ');
    if (typeof v === 'bigint') return { name: shown, value: `${formatTao(v)} TAO` };
    if (name.endsWith('_rao') && (typeof v === 'string' || typeof v === 'number') && /^-?\d+$/.test(String(v))) {
      return { name: shown, value: `${formatTao(BigInt(v))} TAO` };
    }
    return { name: shown, value: typeof v === 'string' ? v : JSON.stringify(v) };
  });
}

const fmtShare = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);

/** Builds everything the run report shows; pure (no I/O, no clock). */
export function buildRunReportData(files: RunFiles): RunReportData {
  const { summary } = files;
  const shown = subnetsToShow(files.blocks);
  const network = networkSeries(files.network);
  const subnets = subnetSeries(files.blocks, shown);
  const { byNet, perPoint } = epochGroups(files.epochs, shown);
  const hasCabal = files.epochs.some((r) => isCabalKind(r.agentKind));

  const trust: RunReportData['trust'] = [];
  const incentive: RunReportData['incentive'] = [];
  const cabalSeries: RunReportData['cabalSeries'] = [];
  const cabalShares: RunReportData['cabalShares'] = [];
  let epochGroupsCount = 0;
  for (const netuid of [...byNet.keys()].sort((a, b) => a - b)) {
    const net = netLabel(netuid);
    let cs = 0n;
    let cr = 0n;
    let stakeShareSum = 0;
    let stakeShareN = 0;
    for (const g of byNet.get(netuid)!) {
      epochGroupsCount++;
      for (const kind of [...g.kinds.keys()].sort()) {
        const a = g.kinds.get(kind)!;
        if (a.trustN > 0) trust.push({ block: g.block, netuid: net, agentKind: kind, validatorTrust: sig(a.trustSum / a.trustN) });
        if (a.incN > 0) incentive.push({ block: g.block, netuid: net, agentKind: kind, incentive: sig(a.incSum / a.incN) });
      }
      const stakeShare = g.totalStake > 0 ? g.cabalStake / g.totalStake : null;
      if (hasCabal) {
        cabalSeries.push({ block: g.block, netuid: net, measure: 'stake share', value: sig(stakeShare) });
        cabalSeries.push({ block: g.block, netuid: net, measure: 'reward share', value: sig(ratio(g.cabalReward, g.totalReward)) });
      }
      if (stakeShare !== null) {
        stakeShareSum += stakeShare;
        stakeShareN++;
      }
      cs += g.cabalReward;
      cr += g.totalReward;
    }
    if (hasCabal) {
      cabalShares.push({ netuid: net, measure: 'stake share', value: sig(stakeShareN > 0 ? stakeShareSum / stakeShareN : null) });
      cabalShares.push({ netuid: net, measure: 'reward share', value: sig(ratio(cs, cr)) });
    }
  }
  const gm = summary.gaming;
  if (hasCabal || gm.cabal_reward_share !== null) {
    cabalShares.push({ netuid: 'whole run (summary.json)', measure: 'stake share', value: sig(gm.cabal_stake_share) });
    cabalShares.push({ netuid: 'whole run (summary.json)', measure: 'reward share', value: sig(gm.cabal_reward_share) });
  }

  const gaming: RunReportData['gaming'] = [
    { name: 'cabal reward share', value: fmtShare(gm.cabal_reward_share) },
    { name: 'cabal stake share', value: fmtShare(gm.cabal_stake_share) },
    { name: 'Gini coefficient of rewards', value: gm.gini_rewards === null ? 'n/a' : String(sig(gm.gini_rewards)) },
    ...Object.keys(gm.validator_trust_by_kind).sort().map((k) => {
      const v = gm.validator_trust_by_kind[k];
      return { name: `mean validator trust: ${k}`, value: v === null ? 'n/a' : String(sig(v)) };
    }),
  ];

  return {
    kind: 'run',
    title: `taosim run: ${summary.scenario_name}`,
    meta: {
      scenarioName: summary.scenario_name,
      seed: String(summary.seed),
      taosimVersion: summary.taosim_version,
      blocks: summary.blocks,
      startBlock: summary.start_block,
      endBlock: summary.end_block,
    },
    sizes: {
      networkRows: files.network.length,
      networkPoints: network.length,
      blockRows: files.blocks.length,
      blockPoints: subnets.length,
      epochRows: files.epochs.length,
      epochGroups: epochGroupsCount,
      epochsPerPoint: perPoint,
      subnets: new Set(files.blocks.map((r) => r.netuid)).size,
      subnetsShown: shown,
    },
    network,
    halvings: summary.halvings.map((h) => ({
      index: h.index,
      block: h.block,
      issuanceTao: sig(raoToTao(h.issuance_rao)),
      label: `halving ${h.index}`,
    })),
    subnets,
    rewardByKind: rewardByKind(files.epochs, shown),
    cabalShares,
    cabalSeries,
    trust,
    incentive,
    hasCabal,
    conservation: {
      ok: summary.conservation.ok,
      checkedBlocks: summary.conservation.checked_blocks,
      firstFailure: describeFailure(summary.conservation.first_failure),
    },
    totals: totalsTable(summary.totals as Record<string, unknown>),
    gaming,
    parameters: flattenParameters(files.scenarioYaml),
  };
}
