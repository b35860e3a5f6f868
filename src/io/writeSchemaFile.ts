/**
 * Writes scenarios/schema.json from the zod schema:
 *   node bin/run-ts.js src/io/writeSchemaFile.ts
 * test/io/schemaFile.test.ts fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../sim/index.ts';

export const SCHEMA_PATH = fileURLToPath(new URL('../../scenarios/schema.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  writeFileSync(SCHEMA_PATH, scenarioJsonSchemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
