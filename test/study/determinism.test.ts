import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_STUDY_CONFIG, gridCsv, retentionCsv, retentionRows, runStudy, runStudyInline, type StudyConfig } from '../../src/study/index.ts';
import { parseStakes } from '../../src/cli/commands/study.ts';
import { CliError } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

const TINY: StudyConfig = { ...DEFAULT_STUDY_CONFIG, validators: 4, network: 16, grid: 5, majorStakes: [0.6, 0.8], replicates: 2, seed: 7 };

describe('determinism', () => {
  it('the same seed gives the same bytes; another seed other bytes', () => {
    const a = runStudyInline(TINY);
    const b = runStudyInline(TINY);
    expect(gridCsv(a)).toBe(gridCsv(b));
    expect(retentionCsv(retentionRows(a))).toBe(retentionCsv(retentionRows(b)));
    expect(gridCsv(runStudyInline({ ...TINY, seed: 8 }))).not.toBe(gridCsv(a));
  });
  it('2 worker threads give the bytes of 1', async () => {
    const one = gridCsv(runStudyInline(TINY));
    const two = gridCsv(await runStudy(TINY, { workers: 2 }));
    expect(two).toBe(one);
  }, 60_000);
  it('grid.csv has one row per point with the declared columns', () => {
    const csv = gridCsv(runStudyInline({ ...TINY, replicates: 1 }));
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('major_stake,major_weight,minor_weight,avg_weight_dev,major_ratio,replicate,seed');
    expect(lines.length).toBe(1 + 2 * 5 * 5);
    // W_H = W_C = 1: every validator weights only its own side; ratios are shares in [0, 1].
    for (const l of lines.slice(1)) {
      const r = Number(l.split(',')[4]);
      expect(r >= 0 && r <= 1).toBe(true);
    }
  });
});

describe('flags', () => {
  it('refuses malformed --stakes naming the flag (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          const v = parseStakes(s);
          return v.length > 0 && v.every((x, i) => x > 0 && x < 1 && (i === 0 || x > v[i - 1]));
        } catch (e) {
          return e instanceof CliError && e.message.startsWith('--stakes: ');
        }
      }),
      { numRuns: 200 },
    );
  });
  it('the CLI refuses a bad flag with one line and exit code 2', async () => {
    for (const [flag, value] of [['grid', '1'], ['kappa', '1.5'], ['variant', 'yuma4'], ['validators', '511'], ['seed', '-1']] as const) {
      let err = '';
      const code = await main(['study', 'consensus', `--${flag}=${value}`, '--out', '/tmp/never'], {
        out: () => {}, err: (t) => void (err += t), isTTY: false,
      });
      expect(code).toBe(2);
      expect(err).toMatch(new RegExp(`^taosim: --${flag}: .*\\n$`));
    }
  });
});
