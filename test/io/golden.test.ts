/**
 * Golden files: the CSVs of a tiny scenario, byte for byte. Regenerated only on purpose with
 * UPDATE_GOLDEN=1 (the diff then shows what a change did to the numbers).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const GOLDEN = 'test/io/golden';
const out = mkdtempSync(join(tmpdir(), 'taosim-golden-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('golden CSVs of scenarios/../tiny-market', () => {
  it('network.csv, blocks.csv and epochs.csv are unchanged', async () => {
    const r = await runCli(['run', `${GOLDEN}/tiny-market.yaml`, '--out', out]);
    expect(r.code).toBe(0);
    for (const table of ['network', 'blocks', 'epochs']) {
      const got = readFileSync(join(out, `${table}.csv`), 'utf8');
      const file = `${GOLDEN}/tiny-market.${table}.csv`;
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, got);
      expect(got, `${table}.csv differs from ${file}`).toBe(readFileSync(file, 'utf8'));
    }
  });

  it('are the same with Yuma on 2 worker threads', async () => {
    const dir = join(out, 'threads');
    const r = await runCli(['run', `${GOLDEN}/tiny-market.yaml`, '--out', dir, '--threads', '2']);
    expect(r.code).toBe(0);
    for (const table of ['network', 'blocks', 'epochs']) {
      expect(readFileSync(join(dir, `${table}.csv`), 'utf8')).toBe(readFileSync(`${GOLDEN}/tiny-market.${table}.csv`, 'utf8'));
    }
  });
});
