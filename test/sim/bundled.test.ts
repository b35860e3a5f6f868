import { describe, expect, it } from 'vitest';
import { projectHalvings } from '../../src/emission/index.ts';
import { NULL_RECORDER, runScenario } from '../../src/sim/index.ts';
import { checkScenarioFile } from '../../src/io/index.ts';

function load(name: string, blocks?: number) {
  const r = checkScenarioFile(`scenarios/${name}.yaml`, blocks === undefined ? {} : { blocks });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

describe('bundled scenarios run (emission part; market and consensus not connected in this build)', () => {
  it.each(['baseline', 'cabal', 'stake-rush'])('%s: conservation holds at every block, mint = reward x blocks', (name) => {
    const sc = load(name);
    const s = runScenario(sc, NULL_RECORDER);
    expect(s.conservation).toEqual({ ok: true, checked_blocks: sc.durationBlocks, first_failure: null });
    // below the first halving all month: 1 TAO a block
    expect(s.totals.minted_rao).toBe(BigInt(sc.durationBlocks) * 1_000_000_000n);
    expect(s.halvings).toEqual([]);
  });

  it('halving: crosses where projectHalvings puts it with the scenario’s recycling, later than without', () => {
    const sc = load('halving');
    const s = runScenario(sc, NULL_RECORDER);
    const start = { issuanceRao: sc.startIssuanceRao, block: sc.startBlock, dateMs: sc.startDateMs };
    const events = sc.events.flatMap((e) => (e.kind === 'recycle' ? [{ block: e.block, amountRao: e.amount }] : []));
    const withRecycling = projectHalvings(sc.schedule, start, { perBlockRao: sc.recyclePerBlockRao, events });
    const without = projectHalvings(sc.schedule, start);
    expect(s.halvings).toHaveLength(1);
    expect(s.halvings[0].block).toBe(withRecycling[0].block);
    expect(s.halvings[0].issuance_rao).toBe(withRecycling[0].issuanceRao);
    // by hand: 5000 TAO to the threshold; 0.8 TAO/block net plus 2000 TAO of events -> 7000 / 0.8 = 8750 blocks
    expect(withRecycling[0].block - sc.startBlock).toBe(8750);
    expect(without[0].block - sc.startBlock).toBe(5000);
    expect(s.conservation.ok).toBe(true);
  });

  it('network-year builds its 32,768 agents and runs (first 50,000 blocks here; the full year is bench/sim)', () => {
    const sc = load('network-year', 50_000);
    expect(sc.subnets).toHaveLength(128);
    const s = runScenario(sc, NULL_RECORDER);
    expect(s.conservation.ok).toBe(true);
    expect(s.totals.minted_rao).toBe(50_000n * 1_000_000_000n);
  });
});
