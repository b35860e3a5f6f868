/**
 * `npm run bench [-- NAME...]`: runs every bench/<name>.ts (or the named ones) one after the
 * other, each in its own process so that one benchmark's heap and JIT state do not colour the
 * next. Benchmarks print their own figures; nothing here asserts a time.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort();
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`bench: no benchmark named ${unknown.join(', ')}: choose from ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n## bench/${name}`);
  const r = spawnSync(process.execPath, [join(here, '..', 'bin', 'run-ts.js'), join(here, `${name}.ts`)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
