/**
 * Scenario files: YAML (JSON is YAML too) to a checked scenario, and every problem with its
 * path and line. Also the resolved scenario back to YAML.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isNode, parseDocument, stringify, type Document } from 'yaml';
import { checkScenario, formatPath, type Overrides, type Scenario, type ScenarioIssue } from '../sim/index.ts';

export interface FileIssue extends ScenarioIssue {
  /** 1-based line in the file, when known. */
  readonly line?: number;
}

export type FileCheck = { ok: true; scenario: Scenario } | { ok: false; issues: FileIssue[] };

function lineOf(doc: Document, lc: LineCounter, path: readonly (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    let node: unknown;
    try {
      node = doc.getIn(path.slice(0, n), true);
    } catch {
      node = undefined;
    }
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Parses and checks scenario text; never throws on bad input. */
export function checkScenarioText(text: string, overrides: Overrides = {}): FileCheck {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        path: [],
        line: e.linePos?.[0].line,
        message: `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        fix: 'correct the YAML syntax at that line',
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, issues: [{ path: [], message: `YAML: ${(e as Error).message}`, fix: 'simplify the aliases' }] };
  }
  const r = checkScenario(data, overrides);
  if (r.ok) return r;
  return { ok: false, issues: r.issues.map((i) => ({ ...i, line: lineOf(doc, lc, i.path) })) };
}

export function checkScenarioFile(file: string, overrides: Overrides = {}): FileCheck {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
    return { ok: false, issues: [{ path: [], message: `cannot read ${file} (${code})`, fix: 'give the path of a scenario file' }] };
  }
  return checkScenarioText(text, overrides);
}

/** One line per problem: `FILE:LINE: PATH: message; fix: ...`. */
export function formatIssues(file: string, issues: readonly FileIssue[]): string {
  return issues
    .map((i) => `${file}${i.line === undefined ? '' : `:${i.line}`}: ${formatPath(i.path)}: ${i.message}; fix: ${i.fix}\n`)
    .join('');
}

/** scenario.resolved.yaml: the scenario as run, with the seed and taosim's version. */
export function resolvedYaml(scenario: Scenario, version: string): string {
  return stringify({ taosim_version: version, ...scenario.document }, { lineWidth: 0 });
}
