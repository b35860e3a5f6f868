export {
  AGENT_KINDS,
  DISTRIBUTIONS,
  EVENT_KINDS,
  HYPERPARAMETER_NAMES,
  POOL_CURVES,
  SHARE_RULES,
  TABLE_NAMES,
  YUMA_VARIANTS,
  activityCutoffBlocks,
  scenarioSchema,
  type AgentGroupConfig,
  type AgentKind,
  type Distribution,
  type EventConfig,
  type EventKind,
  type Hyperparameters,
  type ScenarioInput,
  type ScenarioParsed,
  type ShareRuleConfig,
  type SubnetConfig,
  type TableName,
} from './scenarioSchema.ts';
export { checkScenario, type CheckResult, type Overrides, type Scenario } from './scenario.ts';
export { formatPath, issuesFromZod, type PathKey, type ScenarioIssue } from './scenarioIssues.ts';
export { amountRaoOrError, durationBlocks, raoText } from './units.ts';
export { PHASE_AGENT, PHASE_EVENT, createEventQueue, peekBlock, popEvent, pushEvent, type EventQueue } from './eventQueue.ts';
export { giniCoefficient, meanByKind, memberShare } from './metrics.ts';
export { BLOCKS_TABLE, EPOCHS_TABLE, NETWORK_TABLE, NULL_RECORDER, TABLES, type Cell, type Recorder, type TableSpec } from './tables.ts';
export type {
  Components,
  ConsensusPort,
  EpochEmission,
  EpochInput,
  EpochResult,
  MarketEvent,
  MarketPort,
  SubnetReading,
} from './ports.ts';
export { epochResultBuffers } from './ports.ts';
export { createRun, runScenario, stepRun, type HalvingCrossed, type RunOptions, type RunState } from './engine.ts';
export { summarize, type RunSummary, type SubnetGaming } from './summary.ts';
export { scenarioJsonSchema, scenarioJsonSchemaText } from './jsonSchema.ts';
export { yumaConsensus } from './consensusAdapter.ts';
export { threadedYumaConsensus, type ThreadedConsensus, type ThreadedStats } from './threadedConsensus.ts';
export { consensusThreads, defaultComponents, THREADED_FROM_SUBNETS } from './components.ts';
export { createDtaoMarket, type DtaoMarket, type DtaoMarketOptions, type MarketStats } from './marketAdapter.ts';
