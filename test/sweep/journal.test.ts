import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JournalError, openJournal, readJournal, type MetricValue } from '../../src/sweep/index.ts';
import { tempDir } from './helpers.ts';

describe('the run journal', () => {
  it('keeps each record exactly (floats, NaN, bigints) across a reopen', () => {
    const dir = tempDir();
    const path = join(dir, 'runs.journal');
    const j = openJournal(path, 'fp', 3, dir);
    j.append([[4, [0.1 + 0.2, NaN, 123456789012345678901234567890n]], [1, [-0, 1e-300, -5n]]]);
    j.close();
    const back = readJournal(path, 3);
    expect(back.fingerprint).toBe('fp');
    expect(back.records.get(4)![0]).toBe(0.1 + 0.2);
    expect(Number.isNaN(back.records.get(4)![1] as number)).toBe(true);
    expect(back.records.get(4)![2]).toBe(123456789012345678901234567890n);
    expect(back.records.get(1)).toEqual([0, 1e-300, -5n]);
  });

  it('discards a torn last line (no newline, or a bad checksum at the end) and appends after the good part', () => {
    const dir = tempDir();
    const path = join(dir, 'runs.journal');
    let j = openJournal(path, 'fp', 1, dir);
    j.append([[0, [1]], [1, [2]]]);
    j.close();
    const good = readFileSync(path, 'utf8');
    appendFileSync(path, '[2,3]\t00'); // torn mid-checksum
    expect([...readJournal(path, 1).records.keys()]).toEqual([0, 1]);
    j = openJournal(path, 'fp', 1, dir);
    j.append([[2, [3]]]);
    j.close();
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith(good)).toBe(true);
    expect(text.split('\n').filter(Boolean)).toHaveLength(4);
    expect([...readJournal(path, 1).records.keys()]).toEqual([0, 1, 2]);
    appendFileSync(path, '[3,4]\tffffffffffffffff\n'); // whole last line with a wrong checksum
    expect([...readJournal(path, 1).records.keys()]).toEqual([0, 1, 2]);
  });

  it('refuses damage before the last line, and a journal of another sweep', () => {
    const dir = tempDir();
    const path = join(dir, 'runs.journal');
    const j = openJournal(path, 'fp', 1, dir);
    j.append([[0, [1]], [1, [2]]]);
    j.close();
    expect(() => openJournal(path, 'other', 1, 'out/x')).toThrow(/out\/x holds a journal of a different sweep/);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1].replace('[0,1]', '[0,7]');
    writeFileSync(path, lines.join('\n'));
    expect(() => readJournal(path, 1)).toThrow(JournalError);
    expect(() => readJournal(path, 1)).toThrow(/line 2 is damaged/);
  });

  it('any prefix of a journal reads as the records whose lines are complete', () => {
    const dir = tempDir();
    const path = join(dir, 'runs.journal');
    const j = openJournal(path, 'fp', 2, dir);
    const recs: [number, MetricValue[]][] = Array.from({ length: 8 }, (_, r) => [r, [r * 0.5, BigInt(r) * 10n ** 20n]]);
    j.append(recs);
    j.close();
    const full = readFileSync(path);
    const cut = join(dir, 'cut.journal');
    fc.assert(
      fc.property(fc.nat({ max: full.length }), (n) => {
        writeFileSync(cut, full.subarray(0, n));
        const text = full.subarray(0, n).toString('utf8');
        const completeLines = text.split('\n').length - 1;
        const got = readJournal(cut, 2);
        expect(got.records.size).toBe(Math.max(0, completeLines - 1));
        for (const [run, values] of got.records) expect(values).toEqual(recs[run][1]);
      }),
      { numRuns: 60 },
    );
  });
});
