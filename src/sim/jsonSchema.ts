/** The scenario's JSON Schema for editors (the input side: what a file may contain). */
import { z } from 'zod';
import { scenarioSchema } from './scenarioSchema.ts';

export function scenarioJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12', reused: 'ref' }) as Record<string, unknown>;
  return { ...s, $id: 'https://taosim.dev/schemas/scenario.json', title: 'taosim scenario' };
}

export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}
