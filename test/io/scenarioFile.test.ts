import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenarioText, formatIssues } from '../../src/io/index.ts';
import { scenarioJsonSchemaText } from '../../src/sim/index.ts';
import { SCHEMA_PATH } from '../../src/io/writeSchemaFile.ts';

describe('scenario files', () => {
  it('report YAML syntax errors with their line', () => {
    const r = checkScenarioText('seed: 1\nduration: 10\nsubnets: [1\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0].line).toBeGreaterThanOrEqual(3);
    expect(r.issues[0].message).toMatch(/^YAML: /);
  });

  it('report schema problems with path and line', () => {
    const text = ['seed: 1', 'duration: 30d', 'subnets:', '  - netuid: 1', '  - netuid: 2', '    hyperparameters:', '      kappa: 70000', ''].join('\n');
    const r = checkScenarioText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatIssues('f.yaml', r.issues)).toBe('f.yaml:7: subnets[1].hyperparameters.kappa: number 70000 is too large; fix: use a value <= 65535\n');
  });

  it('accept JSON and refuse duplicate keys', () => {
    expect(checkScenarioText('{"seed": 3, "duration": 5, "subnets": {"count": 1}}').ok).toBe(true);
    const dup = checkScenarioText('seed: 1\nseed: 2\nduration: 5\nsubnets: {count: 1}\n');
    expect(dup.ok).toBe(false);
  });

  it('scenarios/schema.json is up to date (regenerate: node bin/run-ts.js src/io/writeSchemaFile.ts)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(scenarioJsonSchemaText());
  });
});
