/** The chain's consensus-guarantee study (`map_consensus_guarantees`), redrawn fast. */
export {
  STUDY_TOTAL_STAKE_RAO,
  averageWeightDeviation,
  nonExtremeFixedRatio,
  sampleClampedProfile,
  sampleStandardNormals,
  sampleStudyDraws,
  studyGraph,
  weightRowsU16,
  type StudyDraws,
  type StudyGraph,
} from './sampler.ts';
export {
  STUDY_EMISSION_RAO,
  STUDY_TEMPO,
  bondsPenaltyU16,
  createStudyEpochContext,
  kappaU16,
  runStudyPoint,
  studyYumaParams,
  type StudyEpochContext,
  type StudyParams,
  type StudyPoint,
} from './epoch.ts';
export {
  CHAIN_MAJOR_STAKES,
  DEFAULT_STUDY_CONFIG,
  createRowComputer,
  gridWeight,
  replicateSeed,
  rowCount,
  rowOf,
  runStudyInline,
  uniformFromSeed,
  type StudyConfig,
  type StudyTable,
} from './grid.ts';
export { retentionThreshold, worstCase, type Retention } from './retention.ts';
export {
  GRID_COLUMNS,
  RETENTION_COLUMNS,
  gridCsv,
  gridWeights,
  meanRatioBlock,
  ratioBlock,
  retentionCsv,
  retentionRows,
  summarizeRetention,
  type RetentionRow,
  type RetentionSummary,
} from './output.ts';
export {
  contourSegments,
  heatmapStakeIndex,
  majorRatioHeatmapSpec,
  renderSvg,
  retentionCurveSpec,
  retentionLinesSpec,
  type Segment,
} from './charts.ts';
export { runStudy, type StudyRunOptions } from './run.ts';
export { runSingleStudy, type SingleStudyConfig, type SingleStudyResult } from './single.ts';
