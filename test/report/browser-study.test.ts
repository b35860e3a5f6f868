/**
 * The consensus study's report in headless chromium: the tiny study fixture's page opens from a
 * file URL, every chart draws marks, nothing logs an error or asks the network for anything, and
 * results/report-study-tiny.png is left for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/index.ts';
import { checkReportInBrowser } from './browser.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/report/study-tiny');
const RESULTS = resolve(import.meta.dirname, '../../results');
const out = mkdtempSync(join(tmpdir(), 'taosim-report-study-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the study report in headless chromium', () => {
  it('study-tiny: every chart draws marks, no console error, no request but the file', async () => {
    const html = join(out, 'study-tiny.html');
    expect(writeReport(FIXTURE, html).kind).toBe('study');
    mkdirSync(RESULTS, { recursive: true });
    const check = await checkReportInBrowser(html, join(RESULTS, 'report-study-tiny.png'));
    expect(check.consoleErrors).toEqual([]);
    expect(check.consoleWarnings).toEqual([]);
    expect(check.requests).toEqual([]);
    expect(check.ready).toBe(true);
    expect(check.charts.map((c) => c.id)).toEqual(['study-retention-curve', 'study-retention-lines', 'study-heatmap']);
    expect(check.expectedCharts).toBe(3);
    for (const chart of check.charts) {
      expect({ id: chart.id, rendered: chart.rendered }).toEqual({ id: chart.id, rendered: 'true' });
      expect(chart.svgs + chart.canvases, `${chart.id} has no svg or canvas`).toBeGreaterThan(0);
      expect(chart.marks, `${chart.id} drew no marks`).toBeGreaterThan(0);
    }
    // The heat map draws one rect per grid cell (11 x 11 in the fixture).
    const heat = check.charts.find((c) => c.id === 'study-heatmap')!;
    expect(heat.marks).toBeGreaterThanOrEqual(121);
  }, 60_000);
});
