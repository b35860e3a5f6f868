/**
 * The components a full run is wired to: the dTAO market (src/dtao-amm through the market
 * adapter) and the Yuma consensus (src/yuma through the consensus adapter), in the engine's
 * thread or on worker threads. One place, shared by `taosim run` and the sweep's `scenario`
 * runner, so both simulate the same thing; the thread count never changes a result.
 */
import { availableParallelism } from 'node:os';
import { yumaConsensus } from './consensusAdapter.ts';
import { createDtaoMarket } from './marketAdapter.ts';
import type { Components } from './ports.ts';
import type { Scenario } from './scenario.ts';
import { threadedYumaConsensus } from './threadedConsensus.ts';

/** Scenarios with at least this many subnets run Yuma on worker threads by default. */
export const THREADED_FROM_SUBNETS = 16;

/**
 * Consensus worker threads for a scenario: `requested` when given (0: all in the engine's
 * thread), else, for scenarios of THREADED_FROM_SUBNETS subnets or more on 2 or more cores, one
 * per core besides the engine's (the engine thread keeps a share of the subnets itself), and 0
 * otherwise (starting a worker costs about a second, more than a small scenario's whole run).
 */
export function consensusThreads(scenario: Scenario, requested?: number): number {
  if (requested !== undefined) return requested;
  const cores = availableParallelism();
  // One core: a worker would only take turns with the engine's thread.
  return scenario.subnets.length >= THREADED_FROM_SUBNETS && cores >= 2 ? cores - 1 : 0;
}

export function defaultComponents(scenario: Scenario, threads = 0): Components {
  return { market: createDtaoMarket(scenario), consensus: threads > 0 ? threadedYumaConsensus(threads) : yumaConsensus() };
}
