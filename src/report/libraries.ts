/** The charting libraries' minified browser builds, read from node_modules to inline in the page. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChartLibraries } from './html.ts';

/** Package and its browser build (a UMD file that sets a global), in load order. */
const BUILDS = [
  ['vega', 'build/vega.min.js'],
  ['vega-lite', 'build/vega-lite.min.js'],
  ['vega-embed', 'build/vega-embed.min.js'],
] as const;

/** node_modules/<name> in this file's folder or the nearest one above (as Node looks). */
function packageDir(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new Error(`the chart library ${name} is not installed: run npm install`);
    dir = up;
  }
}

let cached: ChartLibraries | undefined;

export function loadChartLibraries(): ChartLibraries {
  if (cached) return cached;
  const versions: string[] = [];
  const scripts: string[] = [];
  for (const [name, file] of BUILDS) {
    const dir = packageDir(name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    versions.push(`${name} ${pkg.version}`);
    // The trailing source-map comment would make a browser's devtools ask for a missing file.
    scripts.push(readFileSync(join(dir, file), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, ''));
  }
  cached = { versions, scripts };
  return cached;
}
