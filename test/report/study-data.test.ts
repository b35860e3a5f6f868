/**
 * The consensus study's report: the data the page embeds, checked against values read by hand
 * from the fixture's CSVs (test/fixtures/report/study-tiny, made by `taosim study consensus
 * --grid 11 --stakes 0.55,0.6,0.7 --replicates 2 --network 64 --validators 16 --seed 7`), and
 * malformed study folders refused with one line naming the file.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';
import { ReportInputError, buildReportHtml, detectResults, readStudyFiles, buildStudyReportData } from '../../src/report/index.ts';
import { heatmapStakeIndex } from '../../src/study/index.ts';

const FIX = resolve(import.meta.dirname, '../fixtures/report/study-tiny');
const tmp = mkdtempSync(join(tmpdir(), 'taosim-report-study-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Row = Record<string, number | string | null>;
interface Payload {
  charts: { id: string; uses: string[]; spec: Record<string, unknown> }[];
  datasets: Record<string, Row[]>;
}

function payload(html: string): Payload {
  const m = /<script type="application\/json" id="taosim-report-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no data block in the page');
  return JSON.parse(m[1]) as Payload;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('study report data (against the fixture CSVs, by hand)', () => {
  const { kind, html } = buildReportHtml(FIX);
  const p = payload(html);

  it('is detected as a study and holds the three charts', () => {
    expect(kind).toBe('study');
    expect(detectResults(FIX)).toBe('study');
    expect(p.charts.map((c) => c.id)).toEqual(['study-retention-curve', 'study-retention-lines', 'study-heatmap']);
    for (const c of p.charts) for (const u of c.uses) expect(p.datasets[u], u).toBeDefined();
  });

  it('retention curve: the interpolated thresholds of retention.csv, one point per stake and replicate', () => {
    const rows = p.datasets.retentionCurve;
    expect(rows.length).toBe(6);
    // retention.csv line 3: 0.6,0,...,0.8,0.7085764236526738,0.7 ; line 6: 0.55,1,...,0.7679362548820284
    expect(rows).toContainEqual({ major_stake: 0.6, replicate: 0, threshold: 0.7085764237 });
    expect(rows).toContainEqual({ major_stake: 0.55, replicate: 1, threshold: 0.7679362549 });
  });

  it('heat map: the stake nearest 0.6 (0.6), the mean over both replicates of major_ratio per grid point', () => {
    const cells = p.datasets['heatmap-0'];
    expect(cells.length).toBe(121);
    // grid.csv: 0.6,0.7,0.8,...,0.5935464351805788,0 and 0.6,0.7,0.8,...,0.5860771869266244,1 -> mean 0.5898118110536016
    const c = cells.find((x) => x.major_weight === 0.7 && x.minor_weight === 0.8)!;
    expect(c.major_ratio).toBe(0.5898118111);
    expect([c.x, c.x2, c.y, c.y2]).toEqual([0.65, 0.75, 0.75, 0.85]);
    // W_H = W_C = 0: 0.5000000025 and 0.500000003 -> 0.50000000275; a corner cell, clipped to [0, 0.05].
    const corner = cells.find((x) => x.major_weight === 0 && x.minor_weight === 0)!;
    expect(corner.major_ratio as number).toBeCloseTo(0.50000000275, 9);
    expect([corner.x, corner.x2, corner.y, corner.y2]).toEqual([0, 0.05, 0, 0.05]);
    expect(html).toContain('Major emission share at major stake 0.6');
  });

  it('retention lines: the 0.60 line leaves the W_C = 0 axis where the mean ratio crosses 0.6 between W_H 0.1 and 0.2', () => {
    // mean at (0.2, 0): (0.6112784205609094 + 0.614708607285384) / 2 = 0.6129935139231467
    // mean at (0.1, 0): (0.5645497910655933 + 0.5673672037231178) / 2 = 0.56595849739435555
    // crossing: 0.1 + (0.6 - 0.56595849739) / (0.61299351392 - 0.56595849739) * 0.1 = 0.17237480736
    const segs = p.datasets.retentionLines.filter((s) => s.major_stake === '0.60');
    const onAxis = segs.flatMap((s) => [[s.x, s.y], [s.x2, s.y2]]).filter(([, y]) => y === 0).map(([x]) => x as number);
    expect(onAxis.length).toBe(1);
    expect(onAxis[0]).toBeCloseTo(0.17237480736, 9);
    expect(new Set(p.datasets.retentionLines.map((s) => s.major_stake))).toEqual(new Set(['0.55', '0.60', '0.70']));
    // The same line is drawn on the heat map.
    const heatLine = p.datasets['heatmap-1'].flatMap((s) => [[s.x, s.y], [s.x2, s.y2]]).filter(([, y]) => y === 0);
    expect(heatLine.length).toBe(1);
    expect(heatLine[0][0] as number).toBeCloseTo(0.17237480736, 9);
  });

  it('the parameters and the thresholds per stake as tables', () => {
    // mean of 0.7085764236526738 and 0.7268256988558384 = 0.71770106...
    expect(html).toContain('<tr><td>0.6</td><td>0.718</td><td>0.709</td><td>0.727</td><td>2/2</td></tr>');
    expect(html).toContain('<tr><td>kappa</td><td>0.5</td></tr>');
    expect(html).toContain('<tr><td>grid (W_H x W_C)</td><td>11 x 11</td></tr>');
    expect(html).toContain('sigma 0.4, bonds penalty 1, kappa 0.5, classic, 1 epoch(s), 16 of 64 uids validators');
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '').replace(/<script type="application\/json"[\s\S]*?<\/script>/g, '');
    expect(markup).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|url\(/i);
    expect(markup).not.toMatch(/https?:\/\//);
  });

  it('is deterministic: the same folder gives the same bytes', () => {
    expect(buildReportHtml(FIX).html).toBe(html);
  });

  it('picks the heat map stake nearest 0.6, ties to the lower', () => {
    expect(heatmapStakeIndex([0.51, 0.55, 0.6, 0.65])).toBe(2);
    expect(heatmapStakeIndex([0.51, 0.65])).toBe(1);
    expect(heatmapStakeIndex([0.7, 0.8])).toBe(0);
    expect(heatmapStakeIndex([0.5, 0.7])).toBe(0);
  });
});

describe('malformed study folders', () => {
  let n = 0;
  function broken(edit: (dir: string) => void): string {
    const dir = join(tmp, `bad${n++}`);
    cpSync(FIX, dir, { recursive: true });
    edit(dir);
    return dir;
  }
  const editFile = (f: string, fn: (s: string) => string) => (dir: string) => writeFileSync(join(dir, f), fn(readFileSync(join(dir, f), 'utf8')));

  const CASES: [string, (dir: string) => void, RegExp][] = [
    ['no study.json', (d) => unlinkSync(join(d, 'study.json')), /looks like a consensus study but study\.json is missing/],
    ['no grid.csv', (d) => unlinkSync(join(d, 'grid.csv')), /looks like a consensus study but grid\.csv is missing/],
    ['study.json not JSON', editFile('study.json', (s) => s.slice(0, 20)), /^taosim: study\.json: not valid JSON/],
    ['an unknown variant', editFile('study.json', (s) => s.replace('"classic"', '"yuma9"')), /study\.json: field config\.variant: "yuma9" is not one of classic, yuma3/],
    ['kappa missing', editFile('study.json', (s) => s.replace('"kappa": 0.5,', '')), /study\.json: field config\.kappa: missing/],
    ['grid.csv cut short', editFile('grid.csv', (s) => s.split('\n').slice(0, -2).join('\n') + '\n'), /grid\.csv: 725 rows where study\.json describes 726/],
    ['a ratio that is not a number', editFile('grid.csv', (s) => s.replace('0.9356910727781304', 'abc')), /grid\.csv: line 3, column major_ratio: 'abc' is not a number/],
    ['a ratio above 1', editFile('grid.csv', (s) => s.replace('0.9356910727781304', '1.5')), /grid\.csv: line 3, column major_ratio: '1.5' is not a share from 0 to 1/],
    ['grid.csv of another study', editFile('study.json', (s) => s.replace('"grid": 11', '"grid": 6')), /grid\.csv: line 3, column minor_weight: '0.9' where the study described in study\.json has 0.8/],
    ['retention.csv without a column', editFile('retention.csv', (s) => s.replace('worst_minor_weight', 'worst')), /retention\.csv: missing column worst_minor_weight/],
    ['retention.csv missing a row', editFile('retention.csv', (s) => s.split('\n').slice(0, -2).join('\n') + '\n'), /retention\.csv: 5 rows where study\.json describes 6/],
  ];
  for (const [name, edit, message] of CASES) {
    it(`refuses ${name} with one line naming the file, exit 2`, async () => {
      const dir = broken(edit);
      const r = await run('report', dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trimEnd().split('\n').length).toBe(1);
      expect(existsSync(join(dir, 'report.html'))).toBe(false);
    });
  }

  it('property: a grid.csv with one character changed is read or refused with a ReportInputError, nothing else', () => {
    const files = readStudyFiles(FIX);
    fc.assert(
      fc.property(fc.nat({ max: files.gridCsv.length - 1 }), fc.constantFrom('x', ',', '\n', '-', '9', '"', ' '), (at, ch) => {
        const gridCsv = files.gridCsv.slice(0, at) + ch + files.gridCsv.slice(at + 1);
        try {
          buildStudyReportData({ ...files, gridCsv });
        } catch (e) {
          expect(e).toBeInstanceOf(ReportInputError);
        }
      }),
      { numRuns: 40, seed: 8 },
    );
  });
});

describe('taosim study consensus --report and taosim report on a study', () => {
  it('writes report.html into the study folder, and taosim report reads the folder as a study', async () => {
    const out = join(tmp, 'cli-study');
    const r = await run('study', 'consensus', '--grid', '3', '--stakes', '0.6', '--network', '16', '--validators', '4', '--workers', '1', '--out', out, '--report');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wrote .*cli-study\/report\.html \(\d+ KiB\)\n$/);
    const page = readFileSync(join(out, 'report.html'), 'utf8');
    expect(payload(page).charts.length).toBe(3);
    const again = await run('report', out, '--out', join(tmp, 'again.html'));
    expect(again.out).toMatch(/^wrote study report .*again\.html/);
    expect(readFileSync(join(tmp, 'again.html'), 'utf8')).toBe(page);
  }, 30_000);
});
