import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { createCsvRecorder, openRunOutput, progressEnabled } from '../../src/io/index.ts';
import type { TableSpec } from '../../src/sim/index.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'taosim-io-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const spec: TableSpec = { name: 'network', columns: ['block', 'issuance_rao', 'share_rule', 'ok', 'x'] };

describe('CSV recorder', () => {
  it('streams chunks to a temporary name, then renames; cells are formatted as agreed', () => {
    const dir = tmp();
    const rec = createCsvRecorder(dir, 4242, 2);
    rec.open(spec);
    const row: (string | number | bigint | boolean)[] = [0, 0n, '', false, 0];
    for (let i = 0; i < 5; i++) {
      row[0] = i;
      row[1] = 12345678901234567890n + BigInt(i);
      row[2] = i === 3 ? 'a,"b"' : 'flow';
      row[3] = i % 2 === 0;
      row[4] = 0.1 + 0.2;
      rec.row('network', row);
    }
    expect(readdirSync(dir)).toEqual(['network.csv.tmp-4242']);
    const files = rec.close();
    expect(files).toEqual([{ finalPath: join(dir, 'network.csv'), tempPath: join(dir, 'network.csv.tmp-4242') }]);
    const text = readFileSync(files[0].tempPath, 'utf8');
    expect(text.split('\n')[0]).toBe('block,issuance_rao,share_rule,ok,x');
    expect(text.split('\n')[1]).toBe('0,12345678901234567890,flow,true,0.30000000000000004');
    const parsed = Papa.parse<string[]>(text.trim()).data;
    expect(parsed).toHaveLength(6);
    expect(parsed[4][2]).toBe('a,"b"');
  });

  it('refuses rows of the wrong width and tables not opened', () => {
    const rec = createCsvRecorder(tmp(), 1);
    rec.open(spec);
    expect(() => rec.row('network', [1, 2])).toThrow('ROW_WIDTH');
    expect(() => rec.row('epochs', [1])).toThrow('TABLE_NOT_OPEN');
    rec.abort();
  });
});

describe('run output directory', () => {
  it('commit renames everything into place and removes stale tables of an earlier run', () => {
    const dir = tmp();
    const first = openRunOutput(dir, 7);
    first.recorder.open({ name: 'epochs', columns: ['a'] });
    first.recorder.row('epochs', [1]);
    first.writeText('summary.json', '{}\n');
    first.commit();
    expect(readdirSync(dir).sort()).toEqual(['epochs.csv', 'summary.json']);
    const second = openRunOutput(dir, 8);
    second.recorder.open({ name: 'network', columns: ['a'] });
    second.writeText('summary.json', '{"second":true}\n');
    expect(readdirSync(dir).sort()).toEqual(['epochs.csv', 'network.csv.tmp-8', 'summary.json', 'summary.json.tmp-8']);
    second.commit();
    expect(readdirSync(dir).sort()).toEqual(['network.csv', 'summary.json']);
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toContain('second');
  });

  it('abort leaves nothing behind, and removes the directory it created', () => {
    const parent = tmp();
    const dir = join(parent, 'run');
    const o = openRunOutput(dir, 9);
    o.recorder.open({ name: 'network', columns: ['a'] });
    o.recorder.row('network', [1]);
    o.writeText('summary.json', '{}');
    o.abort();
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('progress', () => {
  it('shows only on a terminal and never under CI', () => {
    expect(progressEnabled(false, {})).toBe(false);
    expect(progressEnabled(true, {})).toBe(true);
    expect(progressEnabled(true, { CI: 'true' })).toBe(false);
  });
});
