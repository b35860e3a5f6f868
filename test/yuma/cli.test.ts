/** `taosim epoch`: formats, --epochs, refusal of malformed snapshots (in-process and as a real subprocess). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { SnapshotError, parseEpochSnapshot } from '../../src/yuma/index.ts';
import { FIXTURES } from './cases.ts';

const dir = mkdtempSync(join(tmpdir(), 'taosim-epoch-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROOT = join(import.meta.dirname, '..', '..');

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false });
  return { code, out, err };
}

/** test_active_stake, block 1: 2 validators, 2 servers, no bonds yet. */
const base = () => JSON.parse(readFileSync(join(FIXTURES, 'test_active_stake', 'step-01.json'), 'utf8')) as Record<string, any>;
function withPermits(s: Record<string, any>) {
  s.neurons.validator_permit = [true, true, true, true];
  return s;
}
function file(name: string, content: string): string {
  const f = join(dir, name);
  writeFileSync(f, content);
  return f;
}

describe('taosim epoch', () => {
  it('prints the spec JSON: 0.5 dividends to each validator and 250,000,000 rao per uid (test_active_stake)', async () => {
    const r = await cli(['epoch', '--input', file('a.json', JSON.stringify(withPermits(base())))]);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect(Object.keys(o)).toEqual([
      'stake', 'active', 'validator_permit', 'consensus', 'validator_trust', 'incentive', 'dividends',
      'server_emission', 'validator_emission', 'bonds',
    ]);
    expect(o.dividends).toEqual([0.5, 0.5, 0, 0]);
    expect(o.incentive).toEqual([0, 0, 0.5, 0.5]);
    expect(o.validator_emission.slice(0, 2)).toEqual([250000000, 250000000]);
    expect(o.server_emission.slice(2)).toEqual([250000000, 250000000]);
    expect(o.bonds).toEqual([[0, 2, 1], [0, 3, 1], [1, 2, 1], [1, 3, 1]]);
  });

  it('reads YAML with the same fields and gives the same answer', async () => {
    const s = withPermits(base());
    const a = await cli(['epoch', '--input', file('b.json', JSON.stringify(s))]);
    const b = await cli(['epoch', '--input', file('b.yaml', toYaml(s))]);
    expect(b.code).toBe(0);
    expect(b.out).toBe(a.out);
  });

  it('writes one CSV row per uid with the declared columns', async () => {
    const r = await cli(['epoch', '--input', file('c.json', JSON.stringify(withPermits(base()))), '--format', 'csv']);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('uid,stake,active,validator_permit,consensus,validator_trust,incentive,dividends,server_emission,validator_emission');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe('0,0.25,true,true,0,1,0,0.5,0,250000000');
  });

  it('--epochs K equals K single epochs fed with the u16-quantized bonds', async () => {
    const s = withPermits(base());
    const three = JSON.parse((await cli(['epoch', '--input', file('d.json', JSON.stringify(s)), '--epochs', '3'])).out);
    let cur = s;
    let last: any;
    for (let e = 0; e < 3; e++) {
      last = JSON.parse((await cli(['epoch', '--input', file(`d${e}.json`, JSON.stringify(cur))])).out);
      cur = { ...cur, neurons: { ...cur.neurons, validator_permit: last.validator_permit } };
      cur.bonds = last.bonds.map(([i, j, b]: number[]) => [i, j, Math.floor(b * 65535) / 65535]);
    }
    expect(three).toEqual(last);
  });

  it('emits emissions above 2^53 - 1 as decimal strings, exact to the rao', async () => {
    const s = withPermits(base());
    s.emission = '36893488147419103232'; // 2^65
    const o = JSON.parse((await cli(['epoch', '--input', file('e.json', JSON.stringify(s))])).out);
    expect(o.validator_emission[0]).toBe('9223372036854775808'); // 2^65 / 4
  });

  const refusals: [string, (s: Record<string, any>) => void, RegExp][] = [
    ['wrong length', (s) => s.neurons.last_update.pop(), /neurons\.last_update: has 3 entries but neurons\.stake has 4/],
    ['uid out of range', (s) => s.weights.push([0, 9, 1]), /weights\[4\]\[1\]: uid 9 is out of range/],
    ['negative stake', (s) => (s.neurons.stake[2] = -1), /neurons\.stake\[2\]/],
    ['non-integer block', (s) => (s.block = 1.5), /field block: must be a whole number \(got 1.5\)/],
    ['unknown field', (s) => (s.colour = 'red'), /unknown field 'colour'/],
    ['unknown hyperparameter', (s) => (s.hyperparameters.rho = 10), /hyperparameters: unknown field 'rho'/],
    ['kappa above u16', (s) => (s.hyperparameters.kappa = 70000), /hyperparameters\.kappa/],
    ['bond above 1', (s) => s.bonds.push([0, 2, 1.5]), /bonds\[0\]\[2\]/],
    ['missing field', (s) => delete s.tempo, /field tempo: is required/],
    ['repeated pair', (s) => s.weights.push([0, 2, 5]), /weights\[4\]: repeats the entry for \(0, 2\)/],
    ['stake as a float string', (s) => (s.neurons.stake[0] = '1.5'), /neurons\.stake\[0\]/],
    ['wrong format tag', (s) => (s.format = 'other'), /field format/],
  ];
  for (const [name, mutate, message] of refusals) {
    it(`refuses a snapshot with ${name}, naming the field, exit 2`, async () => {
      const s = base();
      mutate(s);
      const r = await cli(['epoch', '--input', file(`bad-${name.replace(/\W/g, '_')}.json`, JSON.stringify(s))]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^taosim: --input \S+: /);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });
  }

  it('refuses a missing --input, an unreadable file, text that is neither JSON nor YAML, and bad flags', async () => {
    expect((await cli(['epoch'])).err).toMatch(/--input: give the snapshot file/);
    expect((await cli(['epoch', '--input', join(dir, 'nope.json')])).err).toMatch(/--input: cannot read .*ENOENT/);
    expect((await cli(['epoch', '--input', file('t.txt', '{ [ :')])).err).toMatch(/not JSON or YAML/);
    const ok = file('ok.json', JSON.stringify(base()));
    expect((await cli(['epoch', '--input', ok, '--format', 'xml'])).err).toMatch(/--format: 'xml' is not allowed/);
    expect((await cli(['epoch', '--input', ok, '--epochs', '0'])).err).toMatch(/--epochs: '0' is not allowed/);
  });

  it('parser refuses arbitrary mutations with a SnapshotError naming a field, never another error', () => {
    const keys = ['format', 'block', 'tempo', 'emission', 'hyperparameters', 'neurons', 'weights', 'bonds', 'owner_uid', 'last_epoch_block'];
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.oneof(fc.string(), fc.double(), fc.integer({ min: -5, max: 5 }), fc.constant(null), fc.array(fc.integer()), fc.object()),
        (key, value) => {
          const s = base();
          s[key] = value;
          try {
            parseEpochSnapshot(JSON.stringify(s));
          } catch (e) {
            expect(e).toBeInstanceOf(SnapshotError);
            expect((e as SnapshotError).field.length > 0).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('runs as a real subprocess: a chain case and a refusal', () => {
    const good = spawnSync(process.execPath, [join(ROOT, 'bin', 'taosim.js'), 'epoch', '--input', file('p.json', JSON.stringify(withPermits(base())))], {
      encoding: 'utf8',
    });
    expect(good.status).toBe(0);
    expect(JSON.parse(good.stdout).dividends).toEqual([0.5, 0.5, 0, 0]);
    const s = base();
    s.neurons.stake[0] = -3;
    const bad = spawnSync(process.execPath, [join(ROOT, 'bin', 'taosim.js'), 'epoch', '--input', file('q.json', JSON.stringify(s))], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^taosim: --input .*field neurons\.stake\[0\]/);
  });
});
