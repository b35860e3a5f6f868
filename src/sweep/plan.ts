/**
 * The plan of a sweep: every parameter point and every run, fixed before any run starts.
 *
 * Points: the grid is the cartesian product of the grid lists (the first listed parameter
 * varies slowest); each grid combination is crossed with `samples` draws of the drawn
 * parameters, draw j being the same for every grid combination (common random numbers, so
 * grid values are compared on the same draws). point = grid index * samples + draw index.
 * Draws of a parameter come from its own stream seeded by hash(sweep seed, 'sample', path),
 * so adding a parameter does not change the draws of the others.
 * Runs: run = point * replicates + replicate; seed = runSeed(sweep seed, run).
 */
import { draw, type Scalar } from './distributions.ts';
import { compileDerived, evaluateDerived, scopeOf } from './expressions.ts';
import { SweepFileError, type SweepSpec } from './schema.ts';
import { runSeed, seededUniform } from './seeds.ts';

/** More runs than this is almost surely a typo in the sweep file. */
export const MAX_RUNS = 50_000_000;

export interface SweepPlan {
  readonly spec: SweepSpec;
  /** The varied then the derived parameter paths: the parameter columns of the CSVs. */
  readonly columns: readonly string[];
  readonly metrics: readonly string[];
  readonly gridCount: number;
  readonly samples: number;
  readonly replicates: number;
  readonly pointCount: number;
  readonly runCount: number;
  /** points[p][c] is the value of columns[c] at point p. */
  readonly points: readonly (readonly Scalar[])[];
}

export interface PlannedRun {
  readonly run: number;
  readonly point: number;
  readonly replicate: number;
  readonly seed: number;
}

export function buildPlan(spec: SweepSpec): SweepPlan {
  const paramPaths = [...spec.parameters.keys()];
  const derived = compileDerived(spec.derived, paramPaths);
  const gridPaths = paramPaths.filter((p) => spec.parameters.get(p)!.kind === 'grid');
  const gridLists = gridPaths.map((p) => {
    const q = spec.parameters.get(p)!;
    return q.kind === 'grid' ? q.values : [];
  });
  const gridCount = gridLists.reduce((n, l) => n * l.length, 1);
  const samples = spec.samples ?? 1;
  const pointCount = gridCount * samples;
  const runCount = pointCount * spec.replicates;
  if (!(runCount <= MAX_RUNS)) {
    throw new SweepFileError(`the sweep has ${runCount} runs (${pointCount} points x ${spec.replicates} replicates): the limit is ${MAX_RUNS}; vary fewer values`);
  }
  const drawn = new Map<string, Scalar[]>();
  for (const [path, p] of spec.parameters) {
    if (p.kind !== 'draw') continue;
    const u = seededUniform(spec.seed, 'sample', path);
    const values: Scalar[] = new Array(samples);
    for (let j = 0; j < samples; j++) values[j] = draw(u, p);
    drawn.set(path, values);
  }
  const points: Scalar[][] = new Array(pointCount);
  const gridIndex = new Array<number>(gridPaths.length).fill(0);
  for (let g = 0; g < gridCount; g++) {
    // Mixed-radix digits of g, the last grid parameter fastest.
    let rest = g;
    for (let k = gridPaths.length - 1; k >= 0; k--) {
      gridIndex[k] = rest % gridLists[k].length;
      rest = Math.floor(rest / gridLists[k].length);
    }
    for (let s = 0; s < samples; s++) {
      const p = g * samples + s;
      const values = new Map<string, Scalar>();
      for (const path of paramPaths) {
        const k = gridPaths.indexOf(path);
        values.set(path, k >= 0 ? gridLists[k][gridIndex[k]] : drawn.get(path)![s]);
      }
      for (const d of derived) {
        values.set(d.path, evaluateDerived(d, scopeOf(values), `point ${p} (${describeValues(values)})`));
      }
      points[p] = [...values.values()];
    }
  }
  return {
    spec,
    columns: [...paramPaths, ...derived.map((d) => d.path)],
    metrics: spec.metrics,
    gridCount,
    samples,
    replicates: spec.replicates,
    pointCount,
    runCount,
    points,
  };
}

function describeValues(values: ReadonlyMap<string, Scalar>): string {
  return [...values].map(([k, v]) => `${k}=${String(v)}`).join(', ') || 'no parameters';
}

export function plannedRun(plan: SweepPlan, run: number): PlannedRun {
  return {
    run,
    point: Math.floor(run / plan.replicates),
    replicate: run % plan.replicates,
    seed: runSeed(plan.spec.seed, run),
  };
}

/** The [path, value] pairs that turn the base into the configuration of `point`. */
export function assignmentsOf(plan: SweepPlan, point: number): [string, Scalar][] {
  const values = plan.points[point];
  return plan.columns.map((c, i) => [c, values[i]]);
}

export function describePoint(plan: SweepPlan, point: number): string {
  const values = plan.points[point];
  return plan.columns.map((c, i) => `${c}=${String(values[i])}`).join(', ') || 'the base';
}
