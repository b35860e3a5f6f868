/** Reading the result files: the CSV splitter, declared columns, summary.json, and malformed input. */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  EPOCHS_COLUMNS, NETWORK_COLUMNS, ReportInputError, csvRows, parseSummary, readEpochRow, readNetworkRow, readRows,
} from '../../src/report/index.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const SUMMARY = readFileSync(resolve(import.meta.dirname, '../fixtures/report/run-tiny/summary.json'), 'utf8');

describe('csvRows', () => {
  it('splits quoted fields with commas, quotes and newlines, and CRLF lines', () => {
    expect([...csvRows('a,b\r\n"x,1","say ""hi""\nthere"\n\n3,\n', 'f.csv')]).toEqual([['a', 'b'], ['x,1', 'say "hi"\nthere'], ['3', '']]);
  });

  it('reads back whatever papaparse writes (an independent CSV writer)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', '1', ',', '"', '\n', ' ', '.', '-', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }), (rows) => {
        const text = Papa.unparse(rows, { newline: '\n', quotes: false }) + '\n';
        // A row of one empty field is a blank line: papaparse writes it as one, and we skip blank lines.
        expect([...csvRows(text, 'f.csv')]).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an unclosed quote with the file and line', () => {
    expect(() => [...csvRows('a\n"open\n', 'x.csv')]).toThrow('x.csv: line 2: a quoted field is not closed');
  });
});

describe('declared columns and typed fields', () => {
  it('names every missing column of network.csv', () => {
    expect(() => [...readRows('block,issuance_rao\n1,2\n', 'network.csv', NETWORK_COLUMNS, readNetworkRow)]).toThrow(
      /network.csv: missing columns block_reward_rao, recycled_rao, halvings, share_rule/,
    );
  });

  it('reads columns by name, in any order, ignoring extra ones', () => {
    const rows = [...readRows('share_rule,extra,halvings,recycled_rao,block_reward_rao,issuance_rao,block\nm,?,1,0,5,21000000000000000,9\n', 'network.csv', NETWORK_COLUMNS, readNetworkRow)];
    expect(rows).toEqual([{ block: 9, issuanceRao: 21_000_000_000_000_000n, blockRewardRao: 5n, recycledRao: 0n, halvings: 1, shareRule: 'm' }]);
  });

  it('refuses a fractional rao amount and an unknown role, naming line and column', () => {
    expect(() => [...readRows(`${NETWORK_COLUMNS.join(',')}\n1,2.5,1,0,0,m\n`, 'network.csv', NETWORK_COLUMNS, readNetworkRow)]).toThrow(
      "network.csv: line 2, column issuance_rao: '2.5' is not a whole number",
    );
    const epoch = `${EPOCHS_COLUMNS.join(',')}\n1,1,0,owner,k,id,0,true,0,0,0,0,0,0\n`;
    expect(() => [...readRows(epoch, 'epochs.csv', EPOCHS_COLUMNS, readEpochRow)]).toThrow("epochs.csv: line 2, column role: 'owner' is not miner or validator");
  });

  it('reads NaN and infinities in float columns as gaps', () => {
    const epoch = `${EPOCHS_COLUMNS.join(',')}\n1,1,0,miner,k,id,0,false,0,NaN,Infinity,0,0,0\n`;
    const [row] = [...readRows(epoch, 'epochs.csv', EPOCHS_COLUMNS, readEpochRow)];
    expect([row.validatorTrust, row.incentive]).toEqual([null, null]);
  });

  it('malformed CSV text never crashes the reader: rows or a ReportInputError', () => {
    const unit = fc.constantFrom('1', '0', '-', '.', ',', '"', '\n', 'a', 'NaN', 'e', ' ', '\r');
    const body = fc.string({ unit, maxLength: 120 });
    fc.assert(
      fc.property(fc.boolean(), body, (withHeader, text) => {
        const input = (withHeader ? NETWORK_COLUMNS.join(',') + '\n' : '') + text;
        try {
          for (const r of readRows(input, 'network.csv', NETWORK_COLUMNS, readNetworkRow)) {
            expect(typeof r.issuanceRao).toBe('bigint');
            expect(Number.isSafeInteger(r.block)).toBe(true);
          }
        } catch (e) {
          expect(e).toBeInstanceOf(ReportInputError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('summary.json', () => {
  it('reads rao totals given as strings or integers', () => {
    const s = parseSummary(SUMMARY, 'summary.json');
    expect(s.totals.minted_rao).toBe(2_500_000_000n);
    expect(s.halvings[0].issuance_rao).toBe(10_500_000_000_000_000n);
    const j = JSON.parse(SUMMARY);
    j.totals.minted_rao = 2_500_000_000;
    expect(parseSummary(JSON.stringify(j), 'summary.json').totals.minted_rao).toBe(2_500_000_000n);
  });

  it('names the bad field', () => {
    const j = JSON.parse(SUMMARY);
    j.conservation.ok = 'yes';
    expect(() => parseSummary(JSON.stringify(j), 'summary.json')).toThrow(/summary.json: field conservation.ok: /);
    delete j.conservation;
    expect(() => parseSummary(JSON.stringify(j), 'summary.json')).toThrow(/field conservation/);
    expect(() => parseSummary('{', 'summary.json')).toThrow(/summary.json: not valid JSON/);
    const k = JSON.parse(SUMMARY);
    k.totals.recycled_rao = '1.5';
    expect(() => parseSummary(JSON.stringify(k), 'summary.json')).toThrow(/field totals.recycled_rao/);
  });

  it('any mutation of one field is either accepted or refused with a ReportInputError', () => {
    const base = JSON.parse(SUMMARY) as Record<string, unknown>;
    const paths = ['seed', 'blocks', 'start_block', 'end_block', 'scenario_name', 'taosim_version', 'totals', 'conservation', 'halvings', 'gaming'];
    const junk = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
    fc.assert(
      fc.property(fc.constantFrom(...paths), junk, (path, value) => {
        const j = { ...base, [path]: value };
        try {
          parseSummary(JSON.stringify(j), 'summary.json');
        } catch (e) {
          expect(e).toBeInstanceOf(ReportInputError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
