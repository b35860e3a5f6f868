/** Monte Carlo sweeps: sweep files, plans, runners, the worker pool, shards, resume and merge. */
export { SweepFileError, parseSweepObject, parseSweepYaml, sweepToPlain, fieldName, type Parameter, type SweepSpec } from './schema.ts';
export {
  DISTRIBUTION_NAMES,
  draw,
  drawChoice,
  drawInteger,
  drawLogNormal,
  drawLogUniform,
  drawNormal,
  drawUniform,
  type Distribution,
  type Scalar,
} from './distributions.ts';
export { hashSeed, runSeed, seededUniform, type SweepSeed, type Uniform } from './seeds.ts';
export { compileDerived, evaluateDerived, scopeOf, type DerivedExpression } from './expressions.ts';
export { applyAssignments, setPath } from './paths.ts';
export { MAX_RUNS, assignmentsOf, buildPlan, describePoint, plannedRun, type PlannedRun, type SweepPlan } from './plan.ts';
export { RUNNER_MODULES, importRunner, metricsFromSummary, runnerModuleUrl, runnerNames, type MetricValue, type SweepRunner } from './runner.ts';
export { JOURNAL_FILE, JournalError, openJournal, readJournal, recordLine, type Journal } from './journal.ts';
export { quantileSorted, summarize, type Summary } from './stats.ts';
export { RESOLVED_FILE, RUNS_FILE, SUMMARY_FILE, csvCell, runsCsv, summaryCsv, writeFileAtomic } from './output.ts';
export { SHARD_COUNT_ENV, ShardError, parseShardFlag, resolveShard, runsOfShard, shardDirName, shardFromEnv, type Shard } from './shard.ts';
export {
  prepareSweep,
  runPrepared,
  runSweep,
  sweepFingerprint,
  type PreparedSweep,
  type SweepOptions,
  type SweepOutcome,
  type SweepProgress,
} from './execute.ts';
export { MergeError, describeRuns, mergeSweepDirs, type MergeOutcome } from './merge.ts';
