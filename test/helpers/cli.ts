/** Runs the taosim CLI in-process (fast) or as a real subprocess (what a user runs). */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCli(argv: readonly string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false });
  return { code, out, err };
}

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function runCliProcess(argv: readonly string[], opts: { cwd?: string; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'taosim.js'), ...argv], {
    cwd: opts.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    input: opts.input,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
