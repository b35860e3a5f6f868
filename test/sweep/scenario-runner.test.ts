/**
 * The `scenario` runner: a tiny full-simulation sweep gives the same bytes on 1 and 2 workers and
 * as 3 shards merged; bad parameter paths are refused naming the point before any run; the
 * bundled sweeps validate and run (shortened).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { prepareSweep, runSweep } from '../../src/sweep/index.ts';
import { emissionShareMetrics, runner, scenarioDocument, shareRecorder } from '../../src/sweep/runners/scenario.ts';
import { expectSameBytesAcrossWorkersAndShards, read, tempDir, writeSweep } from './helpers.ts';


/** One subnet, 3 validators (one cabal), 6 miners, 240 blocks at tempo 40: 2 x 2 grid x 2 replicates. */
const TINY = `
name: tiny-scenario
runner: scenario
seed: 9
base:
  duration: 240
  subnets: { count: 1, defaults: { tempo: 40 } }
  agents:
    - { kind: honest-validator, id: honest, count: 2, stake: 1000 }
    - { kind: cabal-validator, id: cabal, count: 1, stake: 1000, cabal: c }
    - { kind: miner, count: 4 }
    - { kind: cabal-miner, count: 2, cabal: c }
  outputs: { every_blocks: 20 }
parameters:
  vars.cabal_share: [0.2, 0.6]
  subnets.defaults.yuma: [classic, yuma3]
derived:
  groups.cabal.stake: "round(vars.cabal_share * 3000)"
  groups.honest.stake: "round((1 - vars.cabal_share) * 1500)"
replicates: 2
metrics: [gaming.cabal_stake_share, gaming.cabal_reward_share, collusion.gain, totals.minted_rao, conservation.ok, emission_share.by_subnet.0]
`;

describe('scenario runner', () => {
  it('1 worker, 2 workers and 3 shards merged give identical bytes', async () => {
    const dir = tempDir();
    const file = writeSweep(dir, TINY);
    const one = await expectSameBytesAcrossWorkersAndShards(file, dir, 1);
    const rows = read(one, 'runs.csv').trimEnd().split('\n');
    expect(rows[0]).toBe(
      'run,point,replicate,seed,vars.cabal_share,subnets.defaults.yuma,groups.cabal.stake,groups.honest.stake,' +
        'gaming.cabal_stake_share,gaming.cabal_reward_share,collusion.gain,totals.minted_rao,conservation.ok,emission_share.by_subnet.0',
    );
    expect(rows).toHaveLength(1 + 8);
    for (const r of rows.slice(1)) {
      const c = r.split(',');
      // cabal stake 0.2 x 3000 = 600 of 600 + 2 x 1200 = 3000 -> 0.2; 0.6 -> 1800 of 1800 + 2 x 600 -> 0.6
      // (validator stake as the chain's stake weight: own alpha, plus a little emission earned).
      expect(Number(c[8])).toBeCloseTo(Number(c[4]), 1);
      expect(Number(c[10])).toBeCloseTo(Number(c[9]) / Number(c[8]), 12);
      expect(c[11]).toBe('240000000000'); // 240 blocks x 1 TAO, exact rao
      expect(c[12]).toBe('1');
      expect(c[13]).toBe('1'); // the only subnet gets every block's share
    }
    // Replicates differ only by their seed, so at least one metric differs between them.
    expect(rows[1].split(',').slice(8)).not.toEqual(rows[2].split(',').slice(8));
  }, 60_000);

  it('a bad parameter path is refused, naming the point and the path, before any run', async () => {
    const dir = tempDir();
    const bad = TINY.replace('subnets.defaults.yuma: [classic, yuma3]', 'subnets.defaults.kappa: [100, 200]');
    const file = writeSweep(dir, bad);
    const out = join(dir, 'out');
    await expect(runSweep({ file, outDir: out, workers: 1 })).rejects.toThrow(
      /the scenario runner refuses point 0 \(vars\.cabal_share=0\.2, subnets\.defaults\.kappa=100, .*\): subnets\.defaults\.kappa: unknown field "kappa"/,
    );
    expect(existsSync(join(out, 'runs.journal'))).toBe(false);
    const badValue = writeSweep(dir, TINY.replace('[classic, yuma3]', '[classic, yuma9]'), 'b.yaml');
    await expect(runSweep({ file: badValue, outDir: join(dir, 'o2'), workers: 1 })).rejects.toThrow(
      /refuses point 1 \(vars\.cabal_share=0\.2, subnets\.defaults\.yuma=yuma9.*\): subnets\.defaults\.yuma:/,
    );
    const badGroup = writeSweep(dir, TINY.replace('groups.cabal.stake', 'groups.cabl.stake'), 'c.yaml');
    await expect(runSweep({ file: badGroup, outDir: join(dir, 'o3'), workers: 1 })).rejects.toThrow(
      /groups\.cabl: no agent group has the id 'cabl' \(ids: honest, cabal, miner, cabal-miner\)/,
    );
  });

  it('groups set fields of agent groups by id; vars are dropped; the recorder reads only blocks rows', () => {
    const { doc, problems } = scenarioDocument({
      vars: { x: 1 },
      groups: { cabal: { stake: 5 } },
      agents: [{ kind: 'miner' }, { kind: 'cabal-validator', id: 'cabal', stake: 1, cabal: 'c' }],
      outputs: { tables: ['epochs'], every_blocks: 7 },
    });
    expect(problems).toEqual([]);
    expect(doc).toEqual({
      agents: [{ kind: 'miner' }, { kind: 'cabal-validator', id: 'cabal', stake: 5, cabal: 'c' }],
      outputs: { tables: ['blocks'], every_blocks: 7 },
    });
    const rec = shareRecorder();
    // Two subnets: mean shares 0.25 and 0.75 -> spread 0.5; Gini of (0.25, 0.75) = |0.25-0.75| x 2 / (2 x 2^2 x 0.5) = 0.25.
    for (const [u, s] of [[2, 0.2], [1, 0.7], [2, 0.3], [1, 0.8]] as const) rec.row('blocks', [0, u, s]);
    rec.row('epochs', [0, 1, 99]);
    const m = emissionShareMetrics(rec);
    expect(m['emission_share.by_subnet.0']).toBeCloseTo(0.75, 12);
    expect(m['emission_share.by_subnet.1']).toBeCloseTo(0.25, 12);
    expect(m['emission_share.by_subnet.2']).toBeNaN();
    expect(m['emission_share.spread']).toBeCloseTo(0.5, 12);
    expect(m['emission_share.gini']).toBeCloseTo(0.25, 12);
    expect(runner.validate({ seed: 1, duration: 10, subnets: { count: 1 }, groups: 3 })).toEqual([
      'groups: must be a mapping of agent group ids to fields, e.g. groups: { cabal: { stake: 1000 } }',
    ]);
  });

  for (const name of ['kappa-cabal', 'share-rules']) {
    it(`the bundled ${name} sweep validates, and runs shortened`, async () => {
      const path = join('scenarios', 'sweeps', `${name}.yaml`);
      const prepared = await prepareSweep(path);
      expect(prepared.plan.runCount).toBeGreaterThan(30);
      const doc = YAML.parse(readFileSync(path, 'utf8'));
      doc.base.duration = 240;
      doc.base.outputs = { every_blocks: 20 };
      for (const s of Array.isArray(doc.base.subnets) ? doc.base.subnets : [doc.base.subnets.defaults]) s.tempo = 60;
      if (doc.base.agents.some((a: { kind: string }) => a.kind === 'whale')) {
        doc.base.agents.find((a: { kind: string }) => a.kind === 'whale').block = doc.base.start.block + 100;
      }
      doc.replicates = 1;
      const dir = tempDir();
      const file = writeSweep(dir, YAML.stringify(doc));
      await runSweep({ file, outDir: dir, workers: 2 });
      const rows = read(dir, 'runs.csv').trimEnd().split('\n');
      expect(rows).toHaveLength(1 + prepared.plan.pointCount);
      const ok = rows[0].split(',').indexOf('conservation.ok');
      for (const r of rows.slice(1)) expect(r.split(',')[ok]).toBe('1');
    }, 60_000);
  }
});
