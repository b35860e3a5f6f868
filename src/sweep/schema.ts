/**
 * The sweep file (YAML): what to vary, how, and what to collect. Parsed with zod; every
 * problem is reported as `<field path>: <what is wrong and the fix>`.
 */
import { z } from 'zod';
import YAML from 'yaml';
import { DISTRIBUTION_NAMES, type Distribution, type Scalar } from './distributions.ts';
import { PATH_PATTERN, isPlainObject } from './paths.ts';
import type { SweepSeed } from './seeds.ts';

export class SweepFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepFileError';
  }
}

export type Parameter = { readonly kind: 'grid'; readonly values: readonly Scalar[] } | ({ readonly kind: 'draw' } & Distribution);

export interface SweepSpec {
  readonly name: string;
  readonly description?: string | undefined;
  /** A registered runner name, or a module path (relative to the sweep file). */
  readonly runner: string;
  /** A file path (relative to the sweep file) or the base configuration itself. */
  readonly base: string | Record<string, unknown>;
  readonly seed: SweepSeed;
  readonly replicates: number;
  /** Draws per grid point; present exactly when some parameter is drawn. */
  readonly samples?: number | undefined;
  /** Path -> parameter, in file order (the column order). */
  readonly parameters: ReadonlyMap<string, Parameter>;
  /** Path -> mathjs expression, in file order. */
  readonly derived: ReadonlyMap<string, string>;
  readonly metrics: readonly string[];
}

export const RESERVED_COLUMNS = ['run', 'point', 'replicate', 'seed', 'metric', 'n', 'mean', 'sd', 'p5', 'p50', 'p95'];

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const scalar = z.union([finite, z.string(), z.boolean()], {
  error: 'must be a number, a string or true/false',
});

const distribution = z.discriminatedUnion(
  'dist',
  [
    z.strictObject({ dist: z.literal('uniform'), min: finite, max: finite }).refine((d) => d.min < d.max, {
      message: 'min must be below max',
      path: ['max'],
    }),
    z
      .strictObject({ dist: z.literal('loguniform'), min: finite.refine((x) => x > 0, 'must be above 0'), max: finite })
      .refine((d) => d.min < d.max, { message: 'min must be below max', path: ['max'] }),
    z.strictObject({ dist: z.literal('normal'), mean: finite, sd: finite.refine((x) => x > 0, 'must be above 0') }),
    z.strictObject({ dist: z.literal('lognormal'), mu: finite, sigma: finite.refine((x) => x > 0, 'must be above 0') }),
    z
      .strictObject({
        dist: z.literal('choice'),
        values: z.array(scalar).min(1, 'give at least one value'),
        weights: z.array(finite.refine((x) => x >= 0, 'must be 0 or above')).optional(),
      })
      .refine((d) => d.weights === undefined || d.weights.length === d.values.length, {
        message: 'give one weight per value',
        path: ['weights'],
      })
      .refine((d) => d.weights === undefined || d.weights.some((w) => w > 0), {
        message: 'at least one weight must be above 0',
        path: ['weights'],
      }),
    z
      .strictObject({ dist: z.literal('integer'), min: z.number().int('must be a whole number'), max: z.number().int('must be a whole number') })
      .refine((d) => d.min <= d.max, { message: 'min must be at most max', path: ['max'] }),
  ],
  { error: `dist must be one of ${DISTRIBUTION_NAMES.join(', ')}` },
);

const gridValues = z.array(scalar).min(1, 'a grid needs at least one value');

const pathKey = z.string().regex(PATH_PATTERN, 'is not a dotted path: write e.g. cabal.stake or subnets.0.tempo');

const sweepFile = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, dot, dash or underscore')
    .optional(),
  description: z.string().optional(),
  runner: z.string({ error: 'name the runner (e.g. emission or scenario) or a runner module path' }).min(1),
  base: z.union([z.string().min(1), z.record(z.string(), z.unknown())], {
    error: 'give a scenario file path or the base configuration as a mapping',
  }),
  seed: z.union([z.number().int().nonnegative().refine(Number.isSafeInteger, 'is too large'), z.string().min(1)], {
    error: 'give the sweep seed as a whole number >= 0 or a string (a missing seed is a configuration error)',
  }),
  replicates: z.number().int('must be a whole number').min(1, 'must be at least 1').default(1),
  samples: z.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
  parameters: z.record(z.string(), z.unknown()).default({}),
  derived: z.record(z.string(), z.string({ error: 'must be a mathjs expression in quotes' }).min(1)).default({}),
  metrics: z
    .array(z.string().min(1), { error: 'list the metrics to collect' })
    .min(1, 'list at least one metric to collect'),
});

/** `parameters["cabal.stake"].max` style names for issue paths. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (String(seg).includes('.')) out += `["${String(seg)}"]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out || '(top level)';
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

function issuesText(error: z.ZodError, raw: unknown, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((i) => {
    let msg = i.message;
    if (i.code === 'unrecognized_keys') msg = `unknown field(s) ${i.keys.join(', ')}: check the spelling`;
    if ((i.code === 'invalid_type' || i.code === 'invalid_union') && valueAt(raw, i.path) === undefined) {
      msg = msg.startsWith('Invalid input') ? 'is required' : `is required: ${msg}`;
    }
    return `${fieldName([...prefix, ...i.path])}: ${msg}`;
  });
}

function parseParameter(key: string, raw: unknown, problems: string[]): Parameter | undefined {
  if (Array.isArray(raw)) {
    const r = gridValues.safeParse(raw);
    if (!r.success) problems.push(...issuesText(r.error, raw, ['parameters', key]));
    else return { kind: 'grid', values: r.data };
    return undefined;
  }
  if (!isPlainObject(raw)) {
    problems.push(
      `${fieldName(['parameters', key])}: give a list of values (a grid) or a draw such as {dist: uniform, min: 0, max: 1}`,
    );
    return undefined;
  }
  const r = distribution.safeParse(raw);
  if (!r.success) {
    problems.push(...issuesText(r.error, raw, ['parameters', key]));
    return undefined;
  }
  return { kind: 'draw', ...r.data } as Parameter;
}

/** Checks a parsed YAML value against the sweep schema; throws SweepFileError with every problem. */
export function parseSweepObject(raw: unknown, source = 'sweep file'): SweepSpec {
  if (!isPlainObject(raw)) throw new SweepFileError(`${source}: the top level must be a mapping of sweep fields`);
  const r = sweepFile.safeParse(raw);
  if (!r.success) throw new SweepFileError(`${source}: ${issuesText(r.error, raw).join('; ')}`);
  const f = r.data;
  const problems: string[] = [];
  const parameters = new Map<string, Parameter>();
  for (const [key, value] of Object.entries(f.parameters)) {
    if (!PATH_PATTERN.test(key)) {
      problems.push(`${fieldName(['parameters', key])}: is not a dotted path: write e.g. cabal.stake or subnets.0.tempo`);
      continue;
    }
    const p = parseParameter(key, value, problems);
    if (p) parameters.set(key, p);
  }
  const derived = new Map<string, string>();
  for (const [key, expr] of Object.entries(f.derived)) {
    const k = pathKey.safeParse(key);
    if (!k.success) problems.push(`${fieldName(['derived', key])}: ${k.error.issues[0].message}`);
    else if (parameters.has(key)) problems.push(`${fieldName(['derived', key])}: is also a parameter: a path is either varied or derived`);
    else derived.set(key, expr);
  }
  const paths = [...parameters.keys(), ...derived.keys()];
  for (const a of paths) {
    for (const b of paths) {
      if (a !== b && b.startsWith(a + '.')) problems.push(`${b}: lies inside ${a}, which is also set: vary one or the other`);
    }
    if (RESERVED_COLUMNS.includes(a)) problems.push(`${a}: is a reserved column name of runs.csv/summary.csv: vary a path with another name`);
  }
  const seen = new Set<string>();
  f.metrics.forEach((m, i) => {
    if (seen.has(m)) problems.push(`${fieldName(['metrics', i])}: '${m}' is listed twice`);
    seen.add(m);
    if (RESERVED_COLUMNS.includes(m) || parameters.has(m) || derived.has(m)) {
      problems.push(`${fieldName(['metrics', i])}: '${m}' clashes with a column of the same name`);
    }
  });
  const drawn = [...parameters].filter(([, p]) => p.kind === 'draw').map(([k]) => k);
  if (drawn.length > 0 && f.samples === undefined) {
    problems.push(`samples: is required when a parameter is drawn (${drawn.join(', ')}): give the number of draws per grid point`);
  }
  if (drawn.length === 0 && f.samples !== undefined) {
    problems.push('samples: no parameter is drawn: remove samples or give a parameter a dist');
  }
  if (problems.length > 0) throw new SweepFileError(`${source}: ${problems.join('; ')}`);
  return {
    name: f.name ?? 'sweep',
    description: f.description,
    runner: f.runner,
    base: f.base,
    seed: f.seed,
    replicates: f.replicates,
    samples: f.samples,
    parameters,
    derived,
    metrics: f.metrics,
  };
}

/** Parses sweep YAML text; YAML syntax errors name the line. */
export function parseSweepYaml(text: string, source = 'sweep file'): SweepSpec {
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e.linePos?.[0].line;
    const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new SweepFileError(`${source}: YAML error${line ? ` at line ${line}` : ''}: ${msg}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new SweepFileError(`${source}: YAML error: ${(e as Error).message}`);
  }
  return parseSweepObject(data, source);
}

/** The plain-data form written to sweep.resolved.yaml (base inline). */
export function sweepToPlain(spec: SweepSpec, base: Record<string, unknown>): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const [k, p] of spec.parameters) {
    if (p.kind === 'grid') parameters[k] = [...p.values];
    else {
      const { kind: _kind, ...d } = p;
      parameters[k] = d;
    }
  }
  return {
    name: spec.name,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    runner: spec.runner,
    seed: spec.seed,
    replicates: spec.replicates,
    ...(spec.samples === undefined ? {} : { samples: spec.samples }),
    parameters,
    derived: Object.fromEntries(spec.derived),
    metrics: [...spec.metrics],
    base,
  };
}
