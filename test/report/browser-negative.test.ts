/**
 * The browser check can fail: a page that asks for a remote file and holds a chart that cannot
 * draw is caught (a recorded request, a console error, a chart marked "error").
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { writeReport } from '../../src/report/index.ts';
import { checkReportInBrowser } from './browser.ts';

const out = mkdtempSync(join(tmpdir(), 'taosim-report-neg-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('a remote image, a chart that cannot draw and a chart without data are all reported', async () => {
  const file = join(out, 'tampered.html');
  writeReport(resolve(import.meta.dirname, '../fixtures/report/sweep-tiny'), file);
  const html = readFileSync(file, 'utf8')
    .replace('<main>', '<main><img src="http://203.0.113.7/pixel.png" alt="">')
    // The first heat map (m1) gets a mark type that does not exist.
    .replace('"mark":{"type":"rect"', '"mark":{"type":"no-such-mark"')
    // The first chart (m1 against a) reads a dataset that is not there: it draws axes but no marks.
    .replace('"id":"sweep-m1-by-a","uses":["param0"],"spec":{"data":{"name":"param0"}', '"id":"sweep-m1-by-a","uses":["param0"],"spec":{"data":{"name":"nothing"}');
  writeFileSync(file, html);
  const check = await checkReportInBrowser(file, join(out, 'tampered.png'));
  expect(check.requests).toEqual(['http://203.0.113.7/pixel.png']);
  expect(check.consoleErrors.some((e) => e.includes('heatmap-m1'))).toBe(true);
  expect(check.charts.find((c) => c.id === 'heatmap-m1')?.rendered).toBe('error');
  expect(check.charts.find((c) => c.id === 'heatmap-m2')?.rendered).toBe('true');
  expect(check.charts.find((c) => c.id === 'sweep-m1-by-a')?.marks).toBe(0);
  expect(check.charts.find((c) => c.id === 'sweep-m2-by-a')?.marks).toBeGreaterThan(0);
});
