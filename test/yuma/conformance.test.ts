/**
 * Conformance with the chain's own expected numbers (pallets/subtensor/src/tests/epoch.rs at
 * subtensor 14bc6f9f), every case run through `taosim epoch` in-process. Each case file cites its
 * test and states its tolerance and why (test/fixtures/epoch/*.case.json, field `notes`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { failedChecks, loadCases, stepSnapshot, type Report } from './cases.ts';

const dir = mkdtempSync(join(tmpdir(), 'taosim-yuma-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false });
  return { code, out, err };
}

describe('chain conformance through `taosim epoch`', () => {
  for (const { name, c } of loadCases()) {
    it(`${c.test} (${c.source}) matches the chain's asserted values`, async () => {
      const outputs: Report[] = [];
      const failures: string[] = [];
      for (const [k, step] of c.steps.entries()) {
        const file = join(dir, `${name}-${k}.json`);
        writeFileSync(file, JSON.stringify(stepSnapshot(step, k, outputs)));
        const argv = ['epoch', '--input', file, '--format', 'json'];
        if (step.epochs !== undefined) argv.push('--epochs', String(step.epochs));
        const r = await cli(argv);
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        outputs[k] = JSON.parse(r.out) as Report;
        for (const f of failedChecks(step, outputs[k], outputs)) failures.push(`step ${k} (${step.label ?? ''}): ${f}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
