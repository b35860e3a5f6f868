/**
 * The reports in a real browser: headless Debian chromium opens each fixture's report from a
 * file URL. It fails on any console error or warning, any request other than the file itself,
 * or any chart without marks, and leaves a screenshot in results/ for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/index.ts';
import { checkReportInBrowser } from './browser.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/report');
const RESULTS = resolve(import.meta.dirname, '../../results');
const out = mkdtempSync(join(tmpdir(), 'taosim-report-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Chart ids each report must contain (all of them, not just some). */
const CASES: { name: string; charts: string[] }[] = [
  {
    name: 'run-cabal',
    charts: ['issuance', 'block-reward', 'recycled', 'subnet-price', 'subnet-reserves', 'subnet-emission-share', 'reward-by-kind',
      'cabal-shares', 'cabal-over-time', 'validator-trust', 'incentive'],
  },
  { name: 'run-tiny', charts: ['issuance', 'block-reward', 'recycled', 'subnet-price', 'subnet-reserves', 'subnet-emission-share', 'reward-by-kind', 'cabal-shares', 'cabal-over-time', 'validator-trust', 'incentive'] },
  {
    name: 'sweep-kappa-cabal',
    charts: ['sweep-cabal-reward-share-by-agents-cabal-stake-share', 'sweep-gini-rewards-by-subnets-yuma', 'sweep-cabal-excess-share-by-subnets-kappa',
      'heatmap-cabal-reward-share', 'heatmap-cabal-excess-share', 'heatmap-gini-rewards'],
  },
  { name: 'sweep-tiny', charts: ['sweep-m1-by-a', 'sweep-m2-by-b', 'heatmap-m1', 'heatmap-m2'] },
];

describe('reports in headless chromium', () => {
  for (const c of CASES) {
    it(`${c.name}: every chart draws marks, no console error, no request but the file`, async () => {
      const html = join(out, `${c.name}.html`);
      const w = writeReport(join(FIXTURES, c.name), html);
      expect(w.bytes).toBe(statSync(html).size);
      mkdirSync(RESULTS, { recursive: true });
      const check = await checkReportInBrowser(html, join(RESULTS, `report-${c.name}.png`));
      expect(check.consoleErrors).toEqual([]);
      expect(check.consoleWarnings).toEqual([]);
      expect(check.requests).toEqual([]);
      expect(check.ready).toBe(true);
      expect(check.charts.length).toBe(check.expectedCharts);
      const ids = check.charts.map((x) => x.id);
      for (const id of c.charts) expect(ids).toContain(id);
      for (const chart of check.charts) {
        expect({ id: chart.id, rendered: chart.rendered }).toEqual({ id: chart.id, rendered: 'true' });
        expect(chart.svgs + chart.canvases, `${chart.id} has no svg or canvas`).toBeGreaterThan(0);
        expect(chart.marks, `${chart.id} drew no marks`).toBeGreaterThan(0);
      }
    });
  }
});
