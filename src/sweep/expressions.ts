/**
 * Derived parameters: mathjs expressions over the sweep's other parameters, e.g.
 * `cabal.stake: "1 - honest.stake"`. Checked before any run: the syntax, that every name is a
 * parameter, an earlier derived parameter, or a mathjs constant or function, and (in the plan)
 * that the value at every point is a finite number. Errors name the offending expression.
 *
 * The mathjs instance is limited as its security notes advise: no import, createUnit,
 * evaluate, parse, simplify, derivative or resolve inside expressions, and no assignments.
 */
import { all, create, type EvalFunction, type MathNode } from 'mathjs';
import { SweepFileError } from './schema.ts';

const math = create(all);
const parse = math.parse;
const DISABLED = ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'compile', 'reviver', 'replacer'];
math.import(
  Object.fromEntries(
    DISABLED.map((name) => [
      name,
      () => {
        throw new Error(`function ${name} is not allowed in a derived expression`);
      },
    ]),
  ),
  { override: true },
);

export interface DerivedExpression {
  readonly path: string;
  readonly text: string;
  readonly compiled: EvalFunction;
}

function field(path: string): string {
  return `derived["${path}"]`;
}

/** `a.b.c` for an accessor chain of dot properties on a symbol, else undefined. */
function accessorPath(node: MathNode): string | undefined {
  const segs: string[] = [];
  let n: MathNode = node;
  while (n.type === 'AccessorNode') {
    const a = n as unknown as { object: MathNode; index: { dimensions: MathNode[]; isObjectProperty(): boolean } };
    if (!a.index.isObjectProperty()) return undefined;
    segs.unshift(String((a.index.dimensions[0] as unknown as { value: unknown }).value));
    n = a.object;
  }
  if (n.type !== 'SymbolNode') return undefined;
  segs.unshift((n as unknown as { name: string }).name);
  return segs.join('.');
}

interface Reference {
  readonly name: string;
  readonly asFunction: boolean;
}

function collectReferences(node: MathNode, out: Reference[], bad: string[]): void {
  switch (node.type) {
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      bad.push('is an assignment: write only the right-hand side');
      return;
    case 'BlockNode':
      bad.push('holds several expressions: write one');
      return;
    case 'AccessorNode': {
      const p = accessorPath(node);
      if (p !== undefined) {
        out.push({ name: p, asFunction: false });
        return;
      }
      break;
    }
    case 'SymbolNode':
      out.push({ name: (node as unknown as { name: string }).name, asFunction: false });
      return;
    case 'FunctionNode': {
      const f = node as unknown as { fn: MathNode; args: MathNode[] };
      if (f.fn.type === 'SymbolNode') out.push({ name: (f.fn as unknown as { name: string }).name, asFunction: true });
      else collectReferences(f.fn, out, bad);
      for (const a of f.args) collectReferences(a, out, bad);
      return;
    }
  }
  node.forEach((child) => collectReferences(child, out, bad));
}

function isMathName(name: string, asFunction: boolean): boolean {
  if (!Object.prototype.hasOwnProperty.call(math, name)) return false;
  if (DISABLED.includes(name)) return false;
  const v = (math as unknown as Record<string, unknown>)[name];
  return asFunction ? typeof v === 'function' : typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Compiles the derived expressions in order; each may use the varied parameters and the
 * derived ones listed before it. Throws SweepFileError naming each offending expression.
 */
export function compileDerived(derived: ReadonlyMap<string, string>, parameterPaths: readonly string[]): DerivedExpression[] {
  const known = new Set(parameterPaths);
  const roots = new Set([...parameterPaths, ...derived.keys()].map((p) => p.split('.')[0]));
  const problems: string[] = [];
  const out: DerivedExpression[] = [];
  for (const [path, text] of derived) {
    let node: MathNode;
    try {
      node = parse(text);
    } catch (e) {
      problems.push(`${field(path)}: '${text}' is not a valid expression: ${(e as Error).message}`);
      known.add(path);
      continue;
    }
    const refs: Reference[] = [];
    const bad: string[] = [];
    collectReferences(node, refs, bad);
    for (const b of bad) problems.push(`${field(path)}: '${text}' ${b}`);
    for (const r of refs) {
      if (!r.asFunction && known.has(r.name)) continue;
      if (isMathName(r.name, r.asFunction)) continue;
      if (r.asFunction) {
        problems.push(`${field(path)}: '${text}' calls ${r.name}, which is not an allowed mathjs function`);
      } else if (derived.has(r.name)) {
        problems.push(`${field(path)}: '${text}' uses ${r.name}, which is derived later: list ${r.name} before ${path}`);
      } else if (roots.has(r.name) || [...known].some((k) => k.startsWith(r.name + '.'))) {
        problems.push(`${field(path)}: '${text}' uses ${r.name}, which is not a single parameter: name a full path such as ${[...known].find((k) => k.startsWith(r.name + '.')) ?? r.name + '.x'}`);
      } else {
        const list = [...known].join(', ') || 'none';
        problems.push(`${field(path)}: '${text}' uses ${r.name}, which is not a parameter or an earlier derived parameter (known: ${list})`);
      }
    }
    known.add(path);
    if (bad.length === 0) out.push({ path, text, compiled: node.compile() });
  }
  if (problems.length > 0) throw new SweepFileError(problems.join('; '));
  return out;
}

/** Nested scope object from path -> value (`a.b` -> { a: { b } }). */
export function scopeOf(values: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const [path, value] of values) {
    const segs = path.split('.');
    let node = scope;
    for (let i = 0; i < segs.length - 1; i++) {
      const next = node[segs[i]];
      if (typeof next !== 'object' || next === null) node[segs[i]] = {};
      node = node[segs[i]] as Record<string, unknown>;
    }
    node[segs[segs.length - 1]] = value;
  }
  return scope;
}

/** The value of one derived expression; throws SweepFileError when it is not a finite number. */
export function evaluateDerived(d: DerivedExpression, scope: Record<string, unknown>, where: string): number | boolean {
  let v: unknown;
  try {
    v = d.compiled.evaluate(scope);
  } catch (e) {
    throw new SweepFileError(`${field(d.path)}: '${d.text}' fails at ${where}: ${(e as Error).message}`);
  }
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    const shown = typeof v === 'number' ? String(v) : `a ${math.typeOf(v)}`;
    throw new SweepFileError(`${field(d.path)}: '${d.text}' gives ${shown} at ${where}: it must give a finite number`);
  }
  return v;
}
