/**
 * Ctrl-C during `taosim run`: the run stops at the next chunk boundary, exits non-zero with a
 * one-line message, removes every temporary file, and leaves the finished files of an earlier
 * run in the same directory exactly as they were (nothing half-written that looks finished).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  sawTemp: boolean;
}

/** Starts a long run, waits until its temporary files exist, sends SIGINT, and waits for the exit. */
async function interruptRun(out: string): Promise<Exit> {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin', 'taosim.js'), 'run', 'scenarios/network-year.yaml', '--out', out, '--blocks', '500000'],
    { cwd: REPO_ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => void (stderr += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  const hasTemp = () => existsSync(out) && readdirSync(out).some((f) => f.includes('.tmp-'));
  const t0 = Date.now();
  while (!hasTemp() && Date.now() - t0 < 60_000 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  const sawTemp = hasTemp();
  child.kill('SIGINT');
  const e = await exited;
  return { ...e, stderr, sawTemp };
}

describe('taosim run interrupted by SIGINT', () => {
  it('exits 2, says so, and removes its temporary files and the directory it created', async () => {
    const root = mkdtempSync(join(tmpdir(), 'taosim-int-'));
    const out = join(root, 'fresh');
    try {
      const e = await interruptRun(out);
      expect(e.sawTemp).toBe(true);
      expect(e.signal).toBeNull();
      expect(e.code).toBe(2);
      expect(e.stderr).toMatch(/^taosim: interrupted at block \d+; temporary files removed, nothing written\n$/);
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);

  it('leaves an earlier run\'s finished files in the same directory untouched', async () => {
    const root = mkdtempSync(join(tmpdir(), 'taosim-int-'));
    const out = join(root, 'earlier');
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(out);
      const earlier: Record<string, string> = {
        'network.csv': 'block,issuance_tao\n1,2\n',
        'blocks.csv': 'block,netuid\n1,1\n',
        'summary.json': '{"earlier":true}\n',
      };
      for (const [f, text] of Object.entries(earlier)) writeFileSync(join(out, f), text);
      const e = await interruptRun(out);
      expect(e.sawTemp).toBe(true);
      expect(e.code).toBe(2);
      expect(readdirSync(out).sort()).toEqual(Object.keys(earlier).sort());
      for (const [f, text] of Object.entries(earlier)) expect(readFileSync(join(out, f), 'utf8')).toBe(text);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
