/**
 * A run's output directory, results/<run>/: the CSV recorder plus summary.json and
 * scenario.resolved.yaml, all written under temporary names and renamed only when the run
 * completes. On failure everything temporary is removed (and the directory, if this run made
 * it and it is empty), so nothing that looks finished is left behind.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLE_NAMES } from '../sim/index.ts';
import { commitFiles, createCsvRecorder, tempName, type CsvRecorder, type TempFile } from './csvRecorder.ts';

export interface RunOutput {
  readonly dir: string;
  readonly recorder: CsvRecorder;
  /** Writes a whole text file (under its temporary name until commit). */
  writeText(name: string, text: string): void;
  /** Renames everything into place; removes finished tables of an earlier run this one did not write. Returns final paths. */
  commit(): string[];
  abort(): void;
}

export function openRunOutput(dir: string, pid: number = process.pid): RunOutput {
  const created = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  const recorder = createCsvRecorder(dir, pid);
  const texts: TempFile[] = [];
  return {
    dir,
    recorder,
    writeText(name, text) {
      const finalPath = join(dir, name);
      const f = { finalPath, tempPath: tempName(finalPath, pid) };
      texts.push(f);
      writeFileSync(f.tempPath, text);
    },
    commit() {
      const csv = recorder.close();
      const all = [...csv, ...texts];
      for (const t of TABLE_NAMES) {
        const p = join(dir, `${t}.csv`);
        if (!csv.some((f) => f.finalPath === p)) rmSync(p, { force: true });
      }
      commitFiles(all);
      return all.map((f) => f.finalPath);
    },
    abort() {
      recorder.abort();
      for (const f of texts) rmSync(f.tempPath, { force: true });
      if (created) {
        try {
          if (readdirSync(dir).length === 0) rmdirSync(dir);
        } catch {
          // leave it
        }
      }
    },
  };
}
