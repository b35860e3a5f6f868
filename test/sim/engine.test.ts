import { describe, expect, it } from 'vitest';
import { chainBlockReward, projectHalvings, type RecycleEvent } from '../../src/emission/index.ts';
import { checkScenario, runScenario, type Scenario } from '../../src/sim/index.ts';
import { column, memoryRecorder } from '../helpers/recorder.ts';
import { fakeConsensus } from '../helpers/fakeConsensus.ts';
import { tinyScenario } from '../helpers/scenarios.ts';

function scenario(doc: Record<string, unknown>): Scenario {
  const r = checkScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

const TAO = 1_000_000_000n;

describe('emission in the block loop', () => {
  it("mints the chain's reward for the issuance before each block, recycling included", () => {
    const threshold = 10_500_000n * TAO;
    const sc = scenario(
      tinyScenario({
        duration: 300,
        start: { issuance: `${threshold - 150n * TAO}rao`, block: 1000 },
        emission: { recycle_per_block: '0.25' },
        events: [{ kind: 'recycle', block: 1050, amount: 40 }],
      }),
    );
    const rec = memoryRecorder();
    const summary = runScenario(sc, rec);
    // Independent model: a plain bigint loop over chainBlockReward (per block: mint, event, per-block recycle).
    let issuance = threshold - 150n * TAO;
    let recycled = 0n;
    const blocks = column(rec, 'network', 'block');
    const rewards = column(rec, 'network', 'block_reward_rao');
    const issuances = column(rec, 'network', 'issuance_rao');
    const recycledCol = column(rec, 'network', 'recycled_rao');
    expect(blocks.length).toBe(300);
    for (let b = 0; b < 300; b++) {
      const reward = chainBlockReward(issuance);
      issuance += reward;
      if (1000 + b === 1050) {
        issuance -= 40n * TAO;
        recycled += 40n * TAO;
      }
      issuance -= TAO / 4n;
      recycled += TAO / 4n;
      expect(blocks[b]).toBe(1000 + b);
      expect(BigInt(rewards[b] as number)).toBe(reward);
      expect(issuances[b]).toBe(issuance);
      expect(recycledCol[b]).toBe(recycled);
    }
    expect(summary.totals.issuance_end_rao).toBe(issuance);
    expect(summary.conservation).toEqual({ ok: true, checked_blocks: 300, first_failure: null });
  });

  it('crosses the first halving where projectHalvings says, and later with recycling', () => {
    const startIssuance = 10_499_000n * TAO;
    const base = { duration: '3d', start: { issuance: `${startIssuance}rao`, block: 0 }, events: [] };
    const plain = runScenario(scenario(tinyScenario(base)), memoryRecorder());
    const proj = projectHalvings(sc0().schedule, { issuanceRao: startIssuance, block: 0, dateMs: 0 });
    expect(plain.halvings).toHaveLength(1);
    expect(plain.halvings[0]).toEqual({ index: 1, block: proj[0].block, issuance_rao: proj[0].issuanceRao });
    // by hand: the first threshold is exactly 10.5M TAO (2^31 * 21e15 / 2^32); 1000 TAO to go at
    // 1 TAO/block, so blocks 0..999 reach it and block 1000 is the first at half the reward
    expect(proj[0].block).toBe(1000);

    const events: RecycleEvent[] = [{ block: 500, amountRao: 300n * TAO }];
    const recycling = runScenario(
      scenario(tinyScenario({ ...base, emission: { recycle_per_block: '0.1' }, events: [{ kind: 'recycle', block: 500, amount: 300 }] })),
      memoryRecorder(),
    );
    const projR = projectHalvings(sc0().schedule, { issuanceRao: startIssuance, block: 0, dateMs: 0 }, { perBlockRao: TAO / 10n, events });
    expect(recycling.halvings[0]).toEqual({ index: 1, block: projR[0].block, issuance_rao: projR[0].issuanceRao });
    // by hand: 0.9 TAO/block net and 300 TAO recycled at block 500: 1300 / 0.9 = 1444.4 blocks,
    // so blocks 0..1444 reach it and block 1445 is the first at half the reward
    expect(projR[0].block).toBe(1445);
    expect(recycling.halvings[0].block).toBeGreaterThan(plain.halvings[0].block);
  });

  it('writes network rows every N blocks', () => {
    const rec = memoryRecorder();
    runScenario(scenario(tinyScenario({ outputs: { every_blocks: 7 } })), rec);
    expect(column(rec, 'network', 'block')).toEqual([100, 107, 114, 121, 128, 135]);
  });
});

function sc0(): Scenario {
  return scenario(tinyScenario());
}

describe('epochs through a consensus port (test double, not Yuma)', () => {
  it('runs each subnet every tempo blocks with the agents writing weight rows', () => {
    const consensus = fakeConsensus();
    const rec = memoryRecorder();
    const sc = scenario(tinyScenario());
    const summary = runScenario(sc, rec, { components: { consensus } });
    // subnet 1 tempo 9, subnet 2 tempo 12, from block 100 for 40 blocks: epochs at 109,118,127,136 and 112,124,136
    expect(consensus.calls.map((c) => `${c.netuid}@${c.block}`)).toEqual(['1@109', '2@112', '1@118', '2@124', '1@127', '1@136', '2@136']);
    expect(summary.totals.epochs).toBe(7);
    const first = consensus.calls[0];
    // subnet 1: uids 0-1 honest, 2 copier, 3-5 miners (the cabal groups target subnet 2 only)
    expect(first.n).toBe(6);
    const row = (i: number) => first.weights.slice(i * 6, i * 6 + 6);
    expect(row(0).slice(0, 3)).toEqual([0, 0, 0]);
    expect(row(0).slice(3).every((w) => w >= 0)).toBe(true);
    expect(row(2)).toEqual([0, 0, 0, 0, 0, 0]); // the copier has no consensus to copy yet
    expect(first.lastUpdate).toEqual([109, 109, -1, -1, -1, -1]);
    // right after the first epoch (block 109) the copier copies its consensus for the next one
    const second = consensus.calls[2];
    expect(second.lastUpdate[2]).toBe(109);
    // subnet 2: the cabal validator (uid 3) weights only the cabal miner (uid 7): weight 1, stored
    // as the chain's u16, max-upscaled to 65535
    const sub2 = consensus.calls[1];
    expect(sub2.n).toBe(8);
    expect(Array.from(sub2.weights.slice(3 * 8, 4 * 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 65535]);
    expect(sub2.kappa).toBe(40000);
    const epochs = rec.tables.get('epochs')!;
    expect(epochs.rows.length).toBe(4 * 6 + 3 * 8);
    expect(column(rec, 'epochs', 'agent_id').slice(0, 6)).toEqual([
      'honest-validator/1/0',
      'honest-validator/1/1',
      'weight-copier/1/0',
      'miner/1/0',
      'miner/1/1',
      'miner/1/2',
    ]);
    expect(summary.gaming.validator_trust_by_kind['honest-validator']).toBeGreaterThan(0);
    expect(summary.components).toEqual({ market: false, consensus: true });
  });

  it('applies hyperparameter and Yuma-variant events before the epoch at their block', () => {
    const consensus = fakeConsensus();
    const sc = scenario(
      tinyScenario({
        events: [
          { kind: 'set-hyperparameter', block: 118, netuid: 1, name: 'kappa', value: 1000 },
          { kind: 'set-yuma-variant', block: 118, netuid: 1, yuma: 'yuma3' },
          { kind: 'price-shock', block: 120, netuid: 2, side: 'buy', amount: 100 },
        ],
      }),
    );
    const summary = runScenario(sc, memoryRecorder(), { components: { consensus } });
    const sub1 = consensus.calls.filter((c) => c.netuid === 1);
    expect(sub1.map((c) => [c.kappa, c.yuma])).toEqual([
      [32767, 'classic'],
      [1000, 'yuma3'],
      [1000, 'yuma3'],
      [1000, 'yuma3'],
    ]);
    expect(summary.events).toEqual({ applied: 2, not_simulated: { 'price-shock': 1 } });
    expect(summary.operations.not_simulated).toBe(4); // two passive stakers x two subnets, no market
  });
});
