/**
 * The reports of the bundled baseline and cabal runs, made by `taosim run --report` and opened
 * in headless chromium: every chart draws marks, no console error, no request but the file. A
 * screenshot of each lands in results/ for a person to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { checkReportInBrowser } from './browser.ts';

const RESULTS = resolve(import.meta.dirname, '../../results');
const out = mkdtempSync(join(tmpdir(), 'taosim-bundled-report-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('reports of the bundled runs', () => {
  for (const name of ['baseline', 'cabal']) {
    it(`taosim run scenarios/${name}.yaml --report: the page renders every chart in chromium`, async () => {
      const dir = join(out, name);
      const r = await runCli(['run', `scenarios/${name}.yaml`, '--out', dir, '--report']);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/wrote .*report\.html \(\d+ KiB\)/);
      const html = join(dir, 'report.html');
      expect(existsSync(html)).toBe(true);
      // small enough to e-mail
      expect(statSync(html).size).toBeLessThan(3 * 1024 * 1024);
      mkdirSync(RESULTS, { recursive: true });
      const check = await checkReportInBrowser(html, join(RESULTS, `report-bundled-${name}.png`));
      expect(check.consoleErrors).toEqual([]);
      expect(check.requests).toEqual([]);
      expect(check.ready).toBe(true);
      expect(check.charts.length).toBe(check.expectedCharts);
      for (const chart of check.charts) {
        expect(chart.svgs + chart.canvases, `${chart.id} has no svg or canvas`).toBeGreaterThan(0);
        expect(chart.marks, `${chart.id} drew no marks`).toBeGreaterThan(0);
      }
    });
  }

  it('--report on a run without the epochs table is refused with the fix, after the run is written', async () => {
    const dir = join(out, 'no-epochs');
    const r = await runCli(['run', 'scenarios/network-year.yaml', '--out', dir, '--blocks', '200', '--report']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--report: .*outputs\.tables/);
  });
});
