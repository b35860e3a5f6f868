/** The report: one self-contained HTML page with charts for a run's or a sweep's results. */
export { writeReport, buildReportHtml, detectResults, readRunFiles, readSweepFiles, RUN_FILES, SWEEP_FILES, DEFAULT_REPORT_NAME } from './write.ts';
export type { ResultsKind, WrittenReport } from './write.ts';
export { buildRunReportData, isCabalKind, subnetsToShow, pointsPerSubnet, MAX_SUBNETS_SHOWN, MAX_EPOCH_POINTS, SUBNET_POINTS_TOTAL, EPOCH_POINTS_TOTAL } from './run-data.ts';
export type { RunFiles, RunReportData } from './run-data.ts';
export { buildSweepReportData } from './sweep-data.ts';
export type { SweepFiles, SweepReportData, SweepParameter } from './sweep-data.ts';
export { reportCharts } from './charts.ts';
export type { Chart, ChartSet } from './charts.ts';
export { renderReportHtml, escapeHtml } from './html.ts';
export type { ChartLibraries } from './html.ts';
export { loadChartLibraries } from './libraries.ts';
export { downsampleM4, sig, MAX_SERIES_POINTS } from './downsample.ts';
export { ReportInputError, csvRows, readRows } from './csv.ts';
export { parseSummary } from './summary.ts';
export type { RunSummary } from './summary.ts';
export { flattenParameters } from './parameters.ts';
export type { ParameterRow } from './parameters.ts';
export * from './columns.ts';
