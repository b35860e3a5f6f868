/** The data a sweep's report embeds, checked by hand against test/fixtures/report/sweep-tiny and sweep-kappa-cabal. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSweepReportData, readSweepFiles, ReportInputError } from '../../src/report/index.ts';

const FIX = resolve(import.meta.dirname, '../fixtures/report');
const tiny = readSweepFiles(join(FIX, 'sweep-tiny'));

describe('sweep report data from sweep-tiny (a 2 x 2 grid, 2 replicates)', () => {
  const d = buildSweepReportData(tiny);

  it('finds the parameters, metrics, runs and points', () => {
    expect(d.parameters.map((p) => [p.name, p.varied, p.numeric, p.values, p.tiedTo])).toEqual([
      ['a', true, true, ['1', '2'], null],
      ['b', true, false, ['x', 'y'], null],
    ]);
    expect(d.metrics).toEqual(['m1', 'm2']);
    expect(d.sizes).toEqual({ runs: 8, points: 4, summaryRows: 8 });
  });

  it('each metric against a: the other parameter b is the series, with mean and p5-p95 from summary.csv', () => {
    const a = d.byParameter.find((p) => p.parameter === 'a')!;
    expect(a.numeric).toBe(true);
    expect(a.rows.filter((r) => r.metric === 'm1').map((r) => [r.x, r.series, r.mean, r.p5, r.p95])).toEqual([
      [1, 'b=x', 0.2, 0.11, 0.29],
      [2, 'b=x', 0.3, 0.21, 0.39],
      [1, 'b=y', 0.6, 0.51, 0.69],
      [2, 'b=y', 0.7, 0.61, 0.79],
    ]);
    const b = d.byParameter.find((p) => p.parameter === 'b')!;
    expect(b.numeric).toBe(false);
    expect(b.rows.filter((r) => r.metric === 'm2').map((r) => [r.x, r.series, r.mean])).toEqual([
      ['x', 'a=1', 6], ['x', 'a=2', 7], ['y', 'a=1', 2], ['y', 'a=2', 3],
    ]);
  });

  it('a heat map over the a x b grid, one cell per point and metric', () => {
    expect(d.heatmap?.x).toBe('a');
    expect(d.heatmap?.y).toBe('b');
    expect(d.heatmap?.facet).toBeNull();
    expect(d.heatmap?.rows.filter((r) => r.metric === 'm2').map((r) => [r.x, r.y, r.mean, r.n])).toEqual([
      ['1', 'x', 6, 2], ['2', 'x', 7, 2], ['1', 'y', 2, 2], ['2', 'y', 3, 2],
    ]);
  });

  it('shows the sweep file as a table', () => {
    expect(d.sweepParameters).toContainEqual({ path: 'grid.b[1]', value: 'y' });
  });
});

describe('sweep report data from sweep-kappa-cabal (3 x 3 x 2 grid and a derived parameter)', () => {
  const d = buildSweepReportData(readSweepFiles(join(FIX, 'sweep-kappa-cabal')));

  it('a derived parameter tied one-to-one to another gets no charts of its own', () => {
    expect(d.parameters.find((p) => p.name === 'agents.honest.stake_share')?.tiedTo).toBe('agents.cabal.stake_share');
    expect(d.byParameter.map((p) => p.parameter)).toEqual(['agents.cabal.stake_share', 'subnets.kappa', 'subnets.yuma']);
    // Against stake share, the series are kappa x yuma (the derived one is not a series key).
    const series = new Set(d.byParameter[0].rows.map((r) => r.series));
    expect(series.size).toBe(6);
    expect(series).toContain('subnets.kappa=49151, subnets.yuma=yuma3');
  });

  it('the heat map is stake share x kappa, one panel per yuma variant', () => {
    expect([d.heatmap?.x, d.heatmap?.y, d.heatmap?.facet]).toEqual(['agents.cabal.stake_share', 'subnets.kappa', 'subnets.yuma']);
    // summary.csv point 0: stake 0.2, kappa 16384, yuma2, cabal_reward_share mean 0.17492541936486952.
    const cell = d.heatmap!.rows.find((r) => r.metric === 'cabal_reward_share' && r.x === '0.2' && r.y === '16384' && r.facet === 'subnets.yuma=yuma2');
    expect(cell?.mean).toBe(0.1749254194);
    expect(d.heatmap!.rows.length).toBe(18 * 3);
  });
});

describe('bad sweep files are refused with the file and the fix', () => {
  it('summary.csv without a metric column', () => {
    expect(() => buildSweepReportData({ ...tiny, summaryCsv: 'point,a,b\n0,1,x\n' })).toThrow(/summary.csv: the header must start with point/);
  });
  it('runs.csv missing a metric that summary.csv summarises', () => {
    const runsCsv = readFileSync(join(FIX, 'sweep-tiny/runs.csv'), 'utf8').replace(',m2\n', '\n');
    expect(() => buildSweepReportData({ ...tiny, runsCsv })).toThrow(ReportInputError);
    expect(() => buildSweepReportData({ ...tiny, runsCsv })).toThrow(/runs.csv: missing metric column m2/);
  });
  it('a non-numeric mean names the line and column', () => {
    const summaryCsv = tiny.summaryCsv.replace('0,1,x,m1,2,0.2,', '0,1,x,m1,2,abc,');
    expect(() => buildSweepReportData({ ...tiny, summaryCsv })).toThrow("summary.csv: line 2, column mean: 'abc' is not a number");
  });
  it('one point with two different parameter values', () => {
    const summaryCsv = tiny.summaryCsv.replace('0,1,x,m2,', '0,2,x,m2,');
    expect(() => buildSweepReportData({ ...tiny, summaryCsv })).toThrow(/point 0 has two different parameter values/);
  });
});
