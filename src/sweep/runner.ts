/**
 * What a sweep runs. A runner is a module exporting `runner: SweepRunner`; workers import it by
 * its module URL, so only plain data (the base, the assignments, the seed, the metrics) crosses
 * the thread boundary. Runners are named in RUNNER_MODULES; a sweep file may also give a module
 * path of its own (relative to the sweep file).
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SweepFileError } from './schema.ts';

/** A metric value: a float (NaN when the run has no value for it) or an exact integer (rao). */
export type MetricValue = number | bigint;

export interface SweepRunner {
  readonly name: string;
  /** The metrics `run` reports; a sweep collects a subset of them. */
  readonly metrics: readonly string[];
  /** Reads a base configuration file into plain data (YAML-representable, no bigints). */
  loadBase(path: string): Record<string, unknown>;
  /** Problems with a configuration, each `field: what is wrong`; empty when it can run. */
  validate(config: Record<string, unknown>): string[];
  /** One run: deterministic given (config, seed). */
  run(config: Record<string, unknown>, seed: number): Promise<Record<string, MetricValue>> | Record<string, MetricValue>;
}

/** The registry: runner name -> module URL (the module exports `runner`). */
export const RUNNER_MODULES: Readonly<Record<string, string>> = {
  emission: new URL('./runners/emission.ts', import.meta.url).href,
  scenario: new URL('./runners/scenario.ts', import.meta.url).href,
  study: new URL('./runners/study.ts', import.meta.url).href,
};

export function runnerNames(): string[] {
  return Object.keys(RUNNER_MODULES).sort();
}

function looksLikePath(s: string): boolean {
  return s.includes('/') || s.includes('\\') || /\.(ts|js|mjs)$/.test(s);
}

/** The module URL of a runner given by name or by a path relative to `baseDir`. */
export function runnerModuleUrl(nameOrPath: string, baseDir: string): string {
  if (Object.prototype.hasOwnProperty.call(RUNNER_MODULES, nameOrPath)) return RUNNER_MODULES[nameOrPath];
  if (looksLikePath(nameOrPath)) {
    const file = isAbsolute(nameOrPath) ? nameOrPath : resolve(baseDir, nameOrPath);
    if (!existsSync(file)) throw new SweepFileError(`runner: no runner module at ${file}: check the path`);
    return pathToFileURL(file).href;
  }
  throw new SweepFileError(`runner: '${nameOrPath}' is not a runner: use one of ${runnerNames().join(', ')} or a module path`);
}

export function isSweepRunner(x: unknown): x is SweepRunner {
  const r = x as SweepRunner;
  return (
    typeof r === 'object' && r !== null && typeof r.name === 'string' && Array.isArray(r.metrics) &&
    typeof r.loadBase === 'function' && typeof r.validate === 'function' && typeof r.run === 'function'
  );
}

export async function importRunner(moduleUrl: string): Promise<SweepRunner> {
  const mod = (await import(moduleUrl)) as { runner?: unknown };
  if (!isSweepRunner(mod.runner)) {
    throw new SweepFileError(`runner: ${moduleUrl} does not export a runner (export const runner: SweepRunner)`);
  }
  return mod.runner;
}

export function sweepDirOf(file: string): string {
  return dirname(resolve(file));
}

/**
 * Metrics picked by dotted path from a run's summary object (e.g. summary.json of a scenario):
 * numbers as they are, booleans as 1/0, decimal-integer strings and bigints as bigints (exact
 * rao), anything missing or of another kind as NaN.
 */
export function metricsFromSummary(summary: unknown, names: readonly string[]): Record<string, MetricValue> {
  const out: Record<string, MetricValue> = {};
  for (const name of names) {
    let v: unknown = summary;
    for (const seg of name.split('.')) {
      v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[seg] : undefined;
    }
    if (typeof v === 'number' || typeof v === 'bigint') out[name] = v;
    else if (typeof v === 'boolean') out[name] = v ? 1 : 0;
    else if (typeof v === 'string' && /^-?\d+$/.test(v)) out[name] = BigInt(v);
    else out[name] = NaN;
  }
  return out;
}
