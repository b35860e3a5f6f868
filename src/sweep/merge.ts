/**
 * `taosim sweep merge DIR... --out DIR`: joins the journals of shard (or any sweep output)
 * directories of one sweep into the files an unsharded run writes. Refuses directories of
 * different sweeps, runs found in more than one directory, and runs found in none.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JOURNAL_FILE, readJournal } from './journal.ts';
import { RESOLVED_FILE, RUNS_FILE, SUMMARY_FILE, runsCsv, summaryCsv, writeFileAtomic } from './output.ts';
import { buildPlan } from './plan.ts';
import type { MetricValue } from './runner.ts';
import { parseSweepYaml } from './schema.ts';

export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

/** "3, 7-9, 12" for ascending run indices; the first `limit` ranges, then a count. */
export function describeRuns(runs: readonly number[], limit = 12): string {
  const ranges: string[] = [];
  for (let i = 0; i < runs.length; ) {
    let j = i;
    while (j + 1 < runs.length && runs[j + 1] === runs[j] + 1) j++;
    ranges.push(i === j ? String(runs[i]) : `${runs[i]}-${runs[j]}`);
    i = j + 1;
  }
  const shown = ranges.slice(0, limit).join(', ');
  return ranges.length > limit ? `${shown}, ... (${runs.length} runs)` : shown;
}

export interface MergeOutcome {
  readonly runs: number;
  readonly files: readonly string[];
}

export function mergeSweepDirs(dirs: readonly string[], outDir: string): MergeOutcome {
  if (dirs.length === 0) throw new MergeError('sweep merge: name the directories to merge');
  const named = new Set<string>();
  for (const d of dirs) {
    const key = resolve(d);
    if (named.has(key)) throw new MergeError(`sweep merge: ${d} is named twice: name each shard directory once`);
    named.add(key);
  }
  const texts = dirs.map((d) => {
    const f = join(d, RESOLVED_FILE);
    if (!existsSync(f)) throw new MergeError(`${d}: has no ${RESOLVED_FILE}: is it the --out directory of a sweep shard?`);
    if (!existsSync(join(d, JOURNAL_FILE))) throw new MergeError(`${d}: has no ${JOURNAL_FILE}: the shard has not started`);
    return readFileSync(f, 'utf8');
  });
  dirs.forEach((d, i) => {
    if (texts[i] !== texts[0]) throw new MergeError(`${d}: holds a different sweep than ${dirs[0]} (their ${RESOLVED_FILE} differ)`);
  });
  const plan = buildPlan(parseSweepYaml(texts[0], join(dirs[0], RESOLVED_FILE)));
  const results = new Map<number, MetricValue[]>();
  const owner = new Map<number, number>();
  const duplicated = new Map<number, Set<number>>();
  dirs.forEach((d, i) => {
    const j = readJournal(join(d, JOURNAL_FILE), plan.metrics.length);
    for (const [run, values] of j.records) {
      if (!(run >= 0 && run < plan.runCount)) throw new MergeError(`${d}: its journal holds run ${run}, outside 0..${plan.runCount - 1}`);
      const prev = owner.get(run);
      if (prev !== undefined) {
        const set = duplicated.get(run) ?? new Set([prev]);
        set.add(i);
        duplicated.set(run, set);
        continue;
      }
      owner.set(run, i);
      results.set(run, values);
    }
  });
  if (duplicated.size > 0) {
    const runs = [...duplicated.keys()].sort((a, b) => a - b);
    const where = runs
      .slice(0, 3)
      .map((r) => `run ${r} in ${[...duplicated.get(r)!].map((i) => dirs[i]).join(' and ')}`)
      .join('; ');
    throw new MergeError(`sweep merge: ${runs.length} run(s) appear in more than one directory (runs ${describeRuns(runs)}): ${where}: merge each shard once`);
  }
  const missing: number[] = [];
  for (let r = 0; r < plan.runCount; r++) if (!results.has(r)) missing.push(r);
  if (missing.length > 0) {
    throw new MergeError(
      `sweep merge: ${missing.length} of ${plan.runCount} runs are missing (runs ${describeRuns(missing)}): finish or add the shards that hold them (rerun the same sweep command to resume a shard)`,
    );
  }
  mkdirSync(outDir, { recursive: true });
  const all = Array.from({ length: plan.runCount }, (_, r) => r);
  writeFileAtomic(join(outDir, RESOLVED_FILE), texts[0]);
  writeFileAtomic(join(outDir, RUNS_FILE), runsCsv(plan, all, results));
  writeFileAtomic(join(outDir, SUMMARY_FILE), summaryCsv(plan, results));
  return { runs: plan.runCount, files: [RESOLVED_FILE, RUNS_FILE, SUMMARY_FILE].map((f) => join(outDir, f)) };
}
