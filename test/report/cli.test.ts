/** `taosim report` through the CLI: writes the page, refuses bad input with one line and exit 2. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';

const FIX = resolve(import.meta.dirname, '../fixtures/report');
const tmp = mkdtempSync(join(tmpdir(), 'taosim-report-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('taosim report', () => {
  it('writes DIR/report.html by default for a run, with no external URL to load', async () => {
    const dir = join(tmp, 'run');
    cpSync(join(FIX, 'run-tiny'), dir, { recursive: true });
    const r = await run('report', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote run report .*report\.html \(\d+ KiB\)\n$/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // Outside the inlined scripts, no element may point at another file.
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '').replace(/<script type="application\/json"[\s\S]*?<\/script>/g, '');
    expect(markup).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|url\(/i);
    expect(markup).not.toMatch(/https?:\/\//);
    expect(existsSync(join(dir, `report.html.tmp-${process.pid}`))).toBe(false);
  });

  it('is deterministic: the same folder gives the same bytes', async () => {
    const a = join(tmp, 'a.html');
    const b = join(tmp, 'b.html');
    expect((await run('report', join(FIX, 'sweep-kappa-cabal'), '--out', a)).code).toBe(0);
    expect((await run('report', join(FIX, 'sweep-kappa-cabal'), '--out', b)).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('stays small enough to email: the fixtures\' reports are under 1.2 MB, nearly all of it the chart libraries', async () => {
    const f = join(tmp, 'cabal.html');
    await run('report', join(FIX, 'run-cabal'), '--out', f);
    expect(readFileSync(f).length).toBeLessThan(1_200_000);
  });

  it('refuses a folder that is neither a run nor a sweep, naming both file sets', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const r = await run('report', empty);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^taosim: .*empty: holds neither a run \(summary\.json, .*\) nor a sweep \(runs\.csv, .*\)\n$/);
  });

  it('names the missing file of a partial run', async () => {
    const dir = join(tmp, 'partial');
    cpSync(join(FIX, 'run-tiny'), dir, { recursive: true });
    rmSync(join(dir, 'epochs.csv'));
    const r = await run('report', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('looks like a run but epochs.csv is missing');
  });

  it('names the file, line and column of a bad value', async () => {
    const dir = join(tmp, 'bad');
    cpSync(join(FIX, 'run-tiny'), dir, { recursive: true });
    writeFileSync(join(dir, 'blocks.csv'), readFileSync(join(dir, 'blocks.csv'), 'utf8').replace('100,7,0.25,', '100,7,zero,'));
    const r = await run('report', dir);
    expect(r.code).toBe(2);
    expect(r.err).toBe("taosim: blocks.csv: line 3, column emission_share: 'zero' is not a number\n");
  });

  it('refuses --out that is not an .html file and a folder that does not exist', async () => {
    expect((await run('report', join(FIX, 'run-tiny'), '--out', join(tmp, 'r.txt'))).err).toContain("--out: '");
    const r = await run('report', join(tmp, 'nope'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('not a directory');
  });
});
