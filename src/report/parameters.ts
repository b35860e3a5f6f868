/** A resolved scenario or sweep file (YAML or JSON) flattened into a table of path = value. */
import { parse } from 'yaml';
import { ReportInputError } from './csv.ts';

export interface ParameterRow {
  path: string;
  value: string;
}

function walk(v: unknown, path: string, out: ParameterRow[]): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push({ path, value: '[]' });
    v.forEach((x, i) => walk(x, `${path}[${i}]`, out));
  } else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) out.push({ path, value: '{}' });
    for (const k of keys) walk((v as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`, out);
  } else {
    out.push({ path: path === '' ? '(value)' : path, value: v === null ? 'null' : String(v) });
  }
}

/** Rows in file order; nested maps become dotted paths and lists [i]. */
export function flattenParameters(text: string, file = 'scenario.resolved.yaml'): ParameterRow[] {
  let doc: unknown;
  try {
    doc = parse(text, { intAsBigInt: true });
  } catch (e) {
    throw new ReportInputError(`${file}: not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  const out: ParameterRow[] = [];
  if (doc === null || doc === undefined) return out;
  walk(doc, '', out);
  return out;
}
