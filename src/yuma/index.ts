/** Yuma Consensus: one epoch of one subnet, chain-exact in float64 (subtensor 14bc6f9f). */
export { runYumaEpoch } from './kernel.ts';
export {
  BONDS_CLEARED,
  BONDS_SET,
  BONDS_UNCHANGED,
  createYumaEpochResult,
  createYumaWorkspace,
  type YumaEpochInput,
  type YumaEpochResult,
  type YumaWorkspace,
} from './workspace.ts';
export {
  DEFAULT_YUMA_PARAMS,
  U16_MAX,
  YUMA_VARIANTS,
  resolveYumaParams,
  type ResolvedYumaParams,
  type YumaParams,
  type YumaVariant,
} from './params.ts';
export { medianNearGuess, medianSumErrorBound, NEAR_DELTA, NEAR_EPS, NEAR_MINORITY, weightedMedianOfColumn } from './median.ts';
export { liquidAlpha } from './bonds.ts';
export { shareToRao } from './emission.ts';
export {
  SNAPSHOT_FORMAT,
  SnapshotError,
  parseEpochSnapshot,
  snapshotToKernelInput,
  validateEpochSnapshot,
  type EpochSnapshot,
} from './snapshot.ts';
export {
  EPOCH_CSV_COLUMNS,
  epochReportJson,
  epochReportRows,
  quantizeBondU16,
  runSnapshotEpochs,
  type EpochReport,
} from './report.ts';
