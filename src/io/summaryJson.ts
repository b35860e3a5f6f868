/** summary.json text: taosim_version first, bigints as decimal strings, 2-space indent. */
import type { RunSummary } from '../sim/index.ts';

export function summaryJson(summary: RunSummary, version: string): string {
  return JSON.stringify({ taosim_version: version, ...summary }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n';
}
