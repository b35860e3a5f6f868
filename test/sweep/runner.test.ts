import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RUNNER_MODULES, SweepFileError, importRunner, metricsFromSummary, runnerModuleUrl } from '../../src/sweep/index.ts';

describe('runners', () => {
  it('metricsFromSummary picks dotted paths: numbers, booleans as 1/0, integer strings as bigints, else NaN', () => {
    const summary = {
      totals: { minted_rao: '21000000000000000', n: 3 },
      conservation: { ok: true },
      gaming: { cabal_reward_share: 0.25, validator_trust_by_kind: { honest: 0.9 } },
    };
    const m = metricsFromSummary(summary, [
      'totals.minted_rao',
      'totals.n',
      'conservation.ok',
      'gaming.cabal_reward_share',
      'gaming.validator_trust_by_kind.honest',
      'gaming.validator_trust_by_kind.cabal',
      'totals',
    ]);
    expect(m['totals.minted_rao']).toBe(21_000_000_000_000_000n);
    expect(m['totals.n']).toBe(3);
    expect(m['conservation.ok']).toBe(1);
    expect(m['gaming.cabal_reward_share']).toBe(0.25);
    expect(m['gaming.validator_trust_by_kind.honest']).toBe(0.9);
    expect(Number.isNaN(m['gaming.validator_trust_by_kind.cabal'])).toBe(true);
    expect(Number.isNaN(m.totals)).toBe(true);
  });

  it('the registry resolves names and module paths, and refuses unknown ones', async () => {
    expect(runnerModuleUrl('emission', '/x')).toBe(RUNNER_MODULES.emission);
    expect(() => runnerModuleUrl('scenari', '/x')).toThrow(SweepFileError);
    expect(() => runnerModuleUrl('scenari', '/x')).toThrow(/'scenari' is not a runner: use one of emission/);
    expect(() => runnerModuleUrl('./missing.ts', '/x')).toThrow(/no runner module at \/x\/missing.ts/);
    const fixture = runnerModuleUrl('fixtures/slow-runner.ts', import.meta.dirname);
    expect((await importRunner(fixture)).name).toBe('slow');
    await expect(importRunner(runnerModuleUrl(join(import.meta.dirname, 'helpers.ts'), '/'))).rejects.toThrow(/does not export a runner/);
  });
});
