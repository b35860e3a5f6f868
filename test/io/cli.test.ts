import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'taosim-cli-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const BUNDLED = ['baseline', 'halving', 'cabal', 'stake-rush', 'network-year'];

describe('taosim validate', () => {
  it.each(BUNDLED)('accepts the bundled scenario %s', async (name) => {
    const r = await runCli(['validate', `scenarios/${name}.yaml`]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`scenario ${name}`);
  });

  it('prints every problem with path and fix, exit 2', async () => {
    const f = join(tmp(), 'bad.yaml');
    writeFileSync(f, 'seed: x\nduration: 30d\nsubnets: {count: 2}\nagents:\n  - kind: oracle\nfoo: 1\n');
    const r = await runCli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:1: seed: expected number`);
    expect(r.err).toContain(`${f}:5: agents[0].kind: unknown kind "oracle"; fix: use one of:`);
    expect(r.err).toContain(`${f}:6: foo: unknown field "foo"`);
    expect(r.err).toContain('taosim: ');
  });

  it('names a missing file', async () => {
    const r = await runCli(['validate', '/nonexistent/x.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot read /nonexistent/x.yaml (ENOENT)');
  });
});

describe('taosim run', () => {
  it('refuses a bad scenario and leaves no output behind', async () => {
    const d = tmp();
    const f = join(d, 'bad.yaml');
    writeFileSync(f, 'seed: 1\nduration: 10\nsubnets: {count: 1}\nevents:\n  - {kind: recycle, block: -5, amount: 1}\n');
    const out = join(d, 'out');
    const r = await runCli(['run', f, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('events[0].block');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses bad flags with one line', async () => {
    const r = await runCli(['run', 'scenarios/baseline.yaml', '--seed', '-3']);
    expect(r.code).toBe(2);
    expect(r.err).toBe("taosim: --seed: '-3' is not allowed: give a whole number >= 0\n");
    for (const bad of ['-1', 'two', '1.5']) {
      const t = await runCli(['run', 'scenarios/baseline.yaml', '--threads', bad]);
      expect(t.code).toBe(2);
      expect(t.err).toBe(`taosim: --threads: '${bad}' is not allowed: give a whole number >= 0\n`);
    }
    const many = await runCli(['run', 'scenarios/baseline.yaml', '--threads', '65']);
    expect(many.code).toBe(2);
    expect(many.err).toBe("taosim: --threads: '65' is not allowed: give a whole number from 0 to 64\n");
  });

  it('writes network.csv, blocks.csv, epochs.csv (market and Yuma are wired), summary.json and scenario.resolved.yaml; --blocks and --seed override', async () => {
    const out = join(tmp(), 'run');
    const r = await runCli(['run', 'scenarios/halving.yaml', '--out', out, '--blocks', '2000', '--seed', '11']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['blocks.csv', 'epochs.csv', 'network.csv', 'scenario.resolved.yaml', 'summary.json']);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.seed).toBe(11);
    expect(summary.blocks).toBe(2000);
    expect(summary.taosim_version).toBe('0.1.0');
    expect(summary.conservation.ok).toBe(true);
    const resolved = parse(readFileSync(join(out, 'scenario.resolved.yaml'), 'utf8'));
    expect(resolved.seed).toBe(11);
    expect(resolved.duration).toBe(2000);
    expect(resolved.taosim_version).toBe('0.1.0');
    const lines = readFileSync(join(out, 'network.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('block,issuance_rao,block_reward_rao,recycled_rao,halvings,share_rule');
    expect(lines).toHaveLength(1 + 20); // every 100 blocks
  });
});
