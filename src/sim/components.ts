/**
 * The components a full run is wired to: the dTAO market (src/dtao-amm through the market
 * adapter) and the Yuma consensus (src/yuma through the consensus adapter). One place, shared
 * by `taosim run` and the sweep's `scenario` runner, so both simulate the same thing.
 */
import { yumaConsensus } from './consensusAdapter.ts';
import { createDtaoMarket } from './marketAdapter.ts';
import type { Components } from './ports.ts';
import type { Scenario } from './scenario.ts';

export function defaultComponents(scenario: Scenario): Components {
  return { market: createDtaoMarket(scenario), consensus: yumaConsensus() };
}
