import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runCli, runCliProcess } from '../helpers/cli.ts';

describe('taosim emission', () => {
  it('prints the chain halving table as JSON with rao amounts as decimal strings', async () => {
    const r = await runCli(['emission', '--format', 'json', '--date', '2025-01-01T00:00:00Z']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.schedule).toBe('chain');
    expect(j.halvings[0]).toEqual({
      index: 1,
      event: 'halving',
      threshold_rao: '10500000000000000',
      block: 10_500_000,
      // 10.5M blocks x 12 s = 126,000,000 s = 1458 days 8 h after 2025-01-01
      date: '2028-12-29T08:00:00Z',
      issuance_rao: '10500000000000000',
      reward_rao: '500000000',
    });
    expect(j.halvings).toHaveLength(30);
  });

  it('accepts TAO and rao amounts and starts from a given state', async () => {
    const a = await runCli(['emission', '--issuance', '10000000', '--block', '100', '--format', 'json']);
    const b = await runCli(['emission', '--issuance', '10000000000000000rao', '--block', '100', '--format', 'json']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    // 500,000 TAO to go at 1 TAO per block
    expect(JSON.parse(a.out).halvings[0].block).toBe(500_100);
  });

  it('recycling per block pushes the halving back', async () => {
    const r = await runCli(['emission', '--recycle-per-block', '0.5', '--format', 'csv']);
    expect(r.code).toBe(0);
    const [header, first] = r.out.split('\n');
    expect(header).toBe('index,event,threshold_tao,block,date,issuance_tao,reward_tao');
    expect(first.split(',')[3]).toBe('21000000'); // 10.5M TAO at a net 0.5 TAO per block
  });

  it('the time schedule halves every 4 years of blocks by default', async () => {
    const r = await runCli(['emission', '--schedule', 'time', '--format', 'json']);
    const j = JSON.parse(r.out);
    expect(j.halvings[0].block).toBe(10_519_200);
    expect(j.halvings[0].reward_rao).toBe('500000000');
    // 1 TAO x 10,519,200 x (1 + 1/2 + ...) passes 21M TAO in the 10th era: the cap row ends it
    expect(j.halvings.at(-1).event).toBe('cap');
    expect(j.halvings.at(-1).issuance_rao).toBe('21000000000000000');
  });

  const bad: [string[], RegExp][] = [
    [['emission', '--issuance', '-5'], /--issuance: '-5' is not an amount/],
    [['emission', '--issuance', 'lots'], /--issuance: 'lots' is not an amount/],
    [['emission', '--issuance', '1.0000000001'], /--issuance: .*more than 9 decimals/],
    [['emission', '--issuance', '21000001'], /--issuance: .*above the cap/],
    [['emission', '--schedule', 'weekly'], /--schedule: 'weekly' is not allowed: use one of chain, time/],
    [['emission', '--format', 'xml'], /--format: 'xml' is not allowed: use one of table, csv, json/],
    [['emission', '--block', '1.5'], /--block: '1.5' is not allowed/],
    [['emission', '--date', 'yesterday'], /--date: 'yesterday' is not an ISO date/],
    [['emission', '--recycle-per-block', 'x'], /--recycle-per-block: 'x' is not an amount/],
    [['emission', '--halving-interval', '0', '--schedule', 'time'], /--halving-interval: '0' is not allowed/],
    [['emission', '--nonsense'], /Unknown argument/i],
    [['emissions'], /Unknown argument|Did you mean/i],
  ];
  for (const [argv, msg] of bad) {
    it(`refuses ${argv.slice(1).join(' ') || argv[0]} with one line and exit 2`, async () => {
      const r = await runCli(argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });
  }

  it('never crashes on arbitrary flag values: exit 0 or a one-line refusal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('--issuance', '--block', '--schedule', '--format', '--recycle-per-block', '--cap', '--date'),
        fc.string({ maxLength: 12 }),
        async (flag, value) => {
          const r = await runCli(['emission', flag, value]);
          expect([0, 2]).toContain(r.code);
          if (r.code === 2) expect(r.err).toMatch(/^taosim: /);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('works as a real program: `taosim --help` and a refusal exit code', () => {
    const help = runCliProcess(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/taosim emission/);
    const badRun = runCliProcess(['emission', '--schedule', 'nope']);
    expect(badRun.code).toBe(2);
    expect(badRun.err).toMatch(/^taosim: --schedule/);
  });
});
