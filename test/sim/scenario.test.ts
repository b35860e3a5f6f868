import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { checkScenario, formatPath } from '../../src/sim/index.ts';
import { resolvedYaml } from '../../src/io/index.ts';
import { tinyScenario } from '../helpers/scenarios.ts';

function issuesOf(doc: unknown): string[] {
  const r = checkScenario(doc);
  if (r.ok) return [];
  return r.issues.map((i) => formatPath(i.path));
}

describe('scenario defaults', () => {
  it("fills the chain's hyperparameter defaults and expands a subnet count", () => {
    const r = checkScenario({ seed: 1, duration: '1d', subnets: { count: 3, defaults: { tempo: 99 } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.scenario;
    expect(s.durationBlocks).toBe(7200);
    expect(s.subnets.map((x) => x.netuid)).toEqual([1, 2, 3]);
    expect(s.subnets[2].tempo).toBe(99);
    const h = s.subnets[0].hyperparameters;
    // runtime/src/lib.rs at 14bc6f9f: kappa 32_767, bonds_penalty u16::MAX, bonds_moving_average 900_000,
    // activity_cutoff 5000, max_allowed_validators 128, max_allowed_uids 256, immunity 4096, owner cut 11_796
    expect([h.kappa, h.bonds_penalty, h.bonds_moving_average, h.activity_cutoff]).toEqual([32767, 65535, 900000, 5000]);
    expect([h.max_allowed_validators, h.max_allowed_uids, h.immunity_period]).toEqual([128, 256, 4096]);
    // pallets/subtensor/src/lib.rs: DefaultMinNonImmuneUids = 10
    expect(h.min_non_immune_uids).toBe(10);
    expect(s.subnets[0].owner_cut).toBe(11796);
    expect(s.subnets[0].yuma).toBe('classic');
    expect(s.subnets[0].pool.curve).toBe('weighted');
    expect(s.startIssuanceRao).toBe(0n);
    expect(s.schedule.initialRewardRao).toBe(1_000_000_000n);
    expect(s.outputs).toEqual({ tables: ['network', 'blocks', 'epochs'], everyBlocks: 1 });
  });

  it('applies --seed and --blocks overrides', () => {
    const r = checkScenario(tinyScenario(), { seed: 77, blocks: 5 });
    expect(r.ok && r.scenario.seed).toBe(77);
    expect(r.ok && r.scenario.durationBlocks).toBe(5);
  });

  it('resolves its own resolved YAML to the same scenario', () => {
    const a = checkScenario(tinyScenario());
    if (!a.ok) throw new Error('tiny scenario invalid');
    const b = checkScenario(parse(resolvedYaml(a.scenario, '9.9.9')));
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.scenario.document).toEqual(a.scenario.document);
    expect(b.scenario.startIssuanceRao).toBe(a.scenario.startIssuanceRao);
  });
});

describe('scenario problems name their path', () => {
  it('wrong type, unknown field, negative amount, unknown kind, event before start', () => {
    expect(issuesOf(tinyScenario({ seed: 'abc' }))).toEqual(['seed']);
    expect(issuesOf(tinyScenario({ colour: 'red' }))).toEqual(['colour']);
    expect(issuesOf(tinyScenario({ start: { issuance: -3 } }))).toEqual(['start.issuance']);
    expect(issuesOf(tinyScenario({ agents: [{ kind: 'oracle' }] }))).toEqual(['agents[0].kind']);
    expect(issuesOf(tinyScenario({ events: [{ kind: 'recycle', block: 99, amount: 1 }] }))).toEqual(['events[0].block']);
    expect(issuesOf(tinyScenario({ events: [{ kind: 'recycle', block: 140, amount: 1 }] }))).toEqual(['events[0].block']);
  });

  it('finds the path inside a subnet list and a missing seed', () => {
    const doc = tinyScenario();
    (doc.subnets as Record<string, unknown>[])[1].hyperparameters = { kappa: 70000 };
    expect(issuesOf(doc)).toEqual(['subnets[1].hyperparameters.kappa']);
    const { seed: _s, ...noSeed } = tinyScenario();
    expect(issuesOf(noSeed)).toEqual(['seed']);
  });

  it('cross-field rules: duplicate netuid, unknown subnet, capacity, duplicate group id', () => {
    expect(issuesOf(tinyScenario({ subnets: [{ netuid: 1 }, { netuid: 1 }] }))).toContain('subnets[1].netuid');
    const doc = tinyScenario();
    (doc.agents as Record<string, unknown>[])[4].subnets = [9];
    expect(issuesOf(doc)).toEqual(['agents[4].subnets[0]']);
    expect(issuesOf(tinyScenario({ subnets: [{ netuid: 1, hyperparameters: { max_allowed_uids: 3 } }, { netuid: 2 }] }))).toEqual([
      'subnets[0].hyperparameters.max_allowed_uids',
    ]);
    expect(issuesOf(tinyScenario({ agents: [{ kind: 'miner' }, { kind: 'miner' }] }))).toEqual(['agents[1].id']);
    expect(issuesOf(tinyScenario({ events: [{ kind: 'price-shock', block: 101, netuid: 5, side: 'buy', amount: 1 }] }))).toEqual([
      'events[0].netuid',
    ]);
  });
});

/** Mutations that make a valid scenario invalid in one place. */
const mutations: ((d: Record<string, unknown>) => void)[] = [
  (d) => (d.seed = -1),
  (d) => (d.seed = 'x'),
  (d) => delete d.seed,
  (d) => (d.duration = '3 weeks'),
  (d) => (d.duration = 0),
  (d) => (d.unknown_field = 1),
  (d) => ((d.start as Record<string, unknown>).issuance = '-1'),
  (d) => ((d.start as Record<string, unknown>).date = 'soon'),
  (d) => ((d.subnets as Record<string, unknown>[])[0].tempo = 0),
  (d) => ((d.subnets as Record<string, unknown>[])[1].hyperparameters = { kappa: 1.5 }),
  (d) => ((d.subnets as Record<string, unknown>[])[1].yuma = 'yuma9'),
  (d) => ((d.agents as Record<string, unknown>[])[0].kind = 'ghost'),
  (d) => ((d.agents as Record<string, unknown>[])[3].quality = { dist: 'poisson' }),
  (d) => ((d.agents as Record<string, unknown>[])[1].stake = 'lots'),
  (d) => ((d.events as Record<string, unknown>[])[0].block = 1),
  (d) => ((d.events as Record<string, unknown>[])[0].kind = 'explode'),
  (d) => ((d.outputs as Record<string, unknown>).tables = ['network', 'network']),
  (d) => (d.subnets = []),
  (d) => (d.subnets = 'many'),
  (d) => (d.agents = {}),
];

const junk = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));

describe('pruning hyperparameters (immunity_period, min_non_immune_uids: u16 as on chain)', () => {
  const withHyper = (hp: Record<string, unknown>) => tinyScenario({ subnets: [{ netuid: 1, tempo: 9, hyperparameters: hp }, { netuid: 2 }] });
  const setEvent = (name: string, value: unknown) => tinyScenario({ events: [{ kind: 'set-hyperparameter', block: 110, netuid: 1, name, value }] });

  it('accepts 0 and 65535 and refuses what is not a u16, naming the field', () => {
    for (const name of ['immunity_period', 'min_non_immune_uids']) {
      expect(issuesOf(withHyper({ [name]: 0 }))).toEqual([]);
      expect(issuesOf(withHyper({ [name]: 65535 }))).toEqual([]);
      for (const bad of [-1, 65536, 1.5, 'ten', null, true]) expect(issuesOf(withHyper({ [name]: bad }))).toEqual([`subnets[0].hyperparameters.${name}`]);
    }
  });

  it('set-hyperparameter checks the value against the hyperparameter it names', () => {
    expect(issuesOf(setEvent('min_non_immune_uids', 3))).toEqual([]);
    expect(issuesOf(setEvent('min_non_immune_uids', 65536))).toEqual(['events[0].value']);
    expect(issuesOf(setEvent('immunity_period', 70000))).toEqual(['events[0].value']);
    expect(issuesOf(setEvent('kappa', 65536))).toEqual(['events[0].value']);
    expect(issuesOf(setEvent('bonds_moving_average', 1_000_001))).toEqual(['events[0].value']);
    expect(issuesOf(setEvent('bonds_moving_average', 1_000_000))).toEqual([]);
    const r = checkScenario(setEvent('min_non_immune_uids', 70000));
    expect(!r.ok && r.issues[0].message).toMatch(/70000 is not a valid min_non_immune_uids/);
    expect(!r.ok && r.issues[0].fix).toMatch(/subnets\[\]\.hyperparameters\.min_non_immune_uids/);
  });

  it('property: a pruning hyperparameter is accepted exactly when it is an integer in 0..65535', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('immunity_period', 'min_non_immune_uids'),
        fc.oneof(fc.integer({ min: -70_000, max: 140_000 }), fc.double(), fc.string(), fc.constant(null)),
        (name, v) => {
          const ok = typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535;
          expect(issuesOf(withHyper({ [name]: v })).length === 0).toBe(ok);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('validate never crashes', () => {
  it('each mutation of a valid scenario is refused with at least one path', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: mutations.length - 1 }), (m) => {
        const d = structuredClone(tinyScenario());
        mutations[m](d);
        const r = checkScenario(d);
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.issues.length).toBeGreaterThan(0);
          for (const i of r.issues) {
            expect(i.message.length).toBeGreaterThan(0);
            expect(i.fix.length).toBeGreaterThan(0);
          }
          expect(r.issues.some((i) => i.path.length > 0)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('junk put anywhere in a valid scenario never throws, and any refusal names a problem', () => {
    const paths: (string | number)[][] = [
      ['seed'],
      ['duration'],
      ['start'],
      ['start', 'block'],
      ['emission', 'schedule'],
      ['subnets'],
      ['subnets', 0],
      ['subnets', 1, 'hyperparameters'],
      ['subnets', 1, 'pool', 'curve'],
      ['agents', 2],
      ['agents', 3, 'quality'],
      ['events', 0, 'amount'],
      ['outputs', 'every_blocks'],
      ['share_rule', 'rule'],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: paths.length - 1 }), junk, (p, value) => {
        const d = structuredClone(tinyScenario()) as Record<string | number, unknown>;
        let o: Record<string | number, unknown> = d;
        const path = paths[p];
        for (const k of path.slice(0, -1)) {
          if (o[k] === undefined) o[k] = {};
          o = o[k] as Record<string | number, unknown>;
        }
        o[path[path.length - 1]] = value;
        const r = checkScenario(d);
        if (!r.ok) {
          expect(r.issues.length).toBeGreaterThan(0);
          for (const i of r.issues) expect(typeof formatPath(i.path)).toBe('string');
        }
      }),
      { numRuns: 200 },
    );
  });
});
