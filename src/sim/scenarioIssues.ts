/**
 * Scenario problems as the user reads them: a path into the file (`subnets[2].hyperparameters
 * .kappa`), what is wrong, and how to fix it. Zod's issues are flattened here; unions are
 * reduced to the branch the input was evidently meant for.
 */
import type { z } from 'zod';

export type PathKey = string | number;

export interface ScenarioIssue {
  readonly path: readonly PathKey[];
  readonly message: string;
  readonly fix: string;
}

/** `subnets[2].hyperparameters.kappa`; the root is `(file)`. */
export function formatPath(path: readonly PathKey[]): string {
  let s = '';
  for (const k of path) {
    if (typeof k === 'number') s += `[${k}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k)) s += s === '' ? k : `.${k}`;
    else s += `[${JSON.stringify(k)}]`;
  }
  return s === '' ? '(file)' : s;
}

type ZIssue = z.core.$ZodIssue;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (v === undefined) return 'nothing';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathKey, unknown>)[k];
  }
  return v;
}

function rootTypeMismatch(branch: readonly ZIssue[]): boolean {
  return branch.some((i) => i.path.length === 0 && i.code === 'invalid_type');
}

function one(issue: ZIssue, base: readonly PathKey[], input: unknown, out: ScenarioIssue[]): void {
  const path = [...base, ...(issue.path as PathKey[])];
  const got = valueAt(input, path);
  switch (issue.code) {
    case 'invalid_union': {
      if ('options' in issue && Array.isArray((issue as { options?: unknown[] }).options)) {
        const opts = (issue as unknown as { options: unknown[] }).options.map(String);
        const disc = (issue as unknown as { discriminator?: string }).discriminator ?? 'kind';
        const p = path[path.length - 1] === disc ? path : [...path, disc];
        const v = valueAt(input, p);
        out.push({
          path: p,
          message: v === undefined ? `missing ${disc}` : `unknown ${disc} ${JSON.stringify(v)}`,
          fix: `use one of: ${opts.join(', ')}`,
        });
        return;
      }
      const branches = issue.errors.filter((b) => !rootTypeMismatch(b));
      if (branches.length === 1) {
        for (const sub of branches[0]) one(sub, path, input, out);
        return;
      }
      const kinds = issue.errors.flatMap((b) => b.filter((i) => i.path.length === 0).map((i) => i.message));
      out.push({ path, message: `${typeName(got)} does not fit`, fix: kinds.join('; or ') || 'see scenarios/schema.json' });
      return;
    }
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        out.push({ path: [...path, key], message: `unknown field "${key}"`, fix: 'remove it or correct its spelling (scenarios/schema.json lists the fields)' });
      }
      return;
    case 'invalid_type':
      out.push({
        path,
        message: got === undefined ? 'required field is missing' : `expected ${issue.expected}, got ${typeName(got)}`,
        fix: got === undefined ? `add it (${issue.expected})` : `write a ${issue.expected}`,
      });
      return;
    case 'too_big':
      out.push({ path, message: `${typeName(got)} is too large`, fix: `use a value ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}` });
      return;
    case 'too_small':
      out.push({
        path,
        message: Array.isArray(got) ? 'the list is too short' : `${typeName(got)} is too small`,
        fix: Array.isArray(got) ? `give at least ${String(issue.minimum)} item(s)` : `use a value ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`,
      });
      return;
    case 'invalid_value':
      out.push({ path, message: `${typeName(got)} is not allowed`, fix: `use one of: ${issue.values.map((v) => String(v)).join(', ')}` });
      return;
    case 'invalid_format':
      out.push({ path, message: `${typeName(got)} has the wrong format`, fix: issue.message });
      return;
    case 'not_multiple_of':
      out.push({ path, message: `${typeName(got)} is not a multiple of ${String(issue.divisor)}`, fix: 'use a multiple' });
      return;
    case 'custom': {
      const cut = issue.message.indexOf(': ');
      out.push(
        cut < 0
          ? { path, message: issue.message, fix: 'see docs/scenarios.md' }
          : { path, message: issue.message.slice(0, cut), fix: issue.message.slice(cut + 2) },
      );
      return;
    }
    default:
      out.push({ path, message: issue.message, fix: 'see scenarios/schema.json' });
  }
}

/** Zod issues of a failed parse, flattened to ScenarioIssues and ordered by path. */
export function issuesFromZod(issues: readonly ZIssue[], input: unknown): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const i of issues) one(i, [], input, out);
  return out;
}
