/** The report's I/O: find what a directory holds, read its files, write the page atomically. */
import { existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reportCharts } from './charts.ts';
import {
  BLOCKS_COLUMNS, EPOCHS_COLUMNS, NETWORK_COLUMNS, readBlockRow, readEpochRow, readNetworkRow,
} from './columns.ts';
import { ReportInputError, readRows } from './csv.ts';
import { renderReportHtml } from './html.ts';
import { loadChartLibraries } from './libraries.ts';
import { buildRunReportData, type RunFiles } from './run-data.ts';
import { parseSummary } from './summary.ts';
import { STUDY_FILES, buildStudyReportData, type StudyFiles } from './study-data.ts';
import { buildSweepReportData, type SweepFiles } from './sweep-data.ts';

export const RUN_FILES = ['summary.json', 'network.csv', 'blocks.csv', 'epochs.csv', 'scenario.resolved.yaml'] as const;
export const SWEEP_FILES = ['runs.csv', 'summary.csv', 'sweep.resolved.yaml'] as const;
export const DEFAULT_REPORT_NAME = 'report.html';

export type ResultsKind = 'run' | 'sweep' | 'study';

/** Whether `dir` holds a run's or a sweep's results; throws naming what is missing. */
export function detectResults(dir: string): ResultsKind {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ReportInputError(`${dir}: not a directory: give the folder a run or a sweep wrote`);
  }
  const has = (f: string) => existsSync(join(dir, f));
  const runHas = RUN_FILES.filter(has);
  const sweepHas = SWEEP_FILES.filter(has);
  const studyHas = STUDY_FILES.filter(has);
  if (runHas.length === RUN_FILES.length) return 'run';
  if (sweepHas.length === SWEEP_FILES.length) return 'sweep';
  if (studyHas.length === STUDY_FILES.length) return 'study';
  // grid.csv or retention.csv (names only a study writes) make it a study, before counting.
  if (studyHas.some((f) => f !== 'study.json')) {
    const missing = STUDY_FILES.filter((f) => !has(f));
    const hint = missing.includes('study.json') ? '; study.json is written by taosim study consensus since the report learned to read studies: rerun the study' : '';
    throw new ReportInputError(`${dir}: looks like a consensus study but ${missing.join(', ')} is missing (a finished study writes ${STUDY_FILES.join(', ')})${hint}`);
  }
  if (runHas.length >= sweepHas.length && runHas.length > 0) {
    throw new ReportInputError(`${dir}: looks like a run but ${RUN_FILES.filter((f) => !has(f)).join(', ')} is missing (a finished run writes ${RUN_FILES.join(', ')})`);
  }
  if (sweepHas.length > 0) {
    throw new ReportInputError(`${dir}: looks like a sweep but ${SWEEP_FILES.filter((f) => !has(f)).join(', ')} is missing (a finished sweep writes ${SWEEP_FILES.join(', ')})`);
  }
  throw new ReportInputError(`${dir}: holds neither a run (${RUN_FILES.join(', ')}) nor a sweep (${SWEEP_FILES.join(', ')}) nor a consensus study (${STUDY_FILES.join(', ')})`);
}

const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');

/** Reads and validates a run directory's files. */
export function readRunFiles(dir: string): RunFiles {
  return {
    summary: parseSummary(read(dir, 'summary.json'), 'summary.json'),
    scenarioYaml: read(dir, 'scenario.resolved.yaml'),
    network: [...readRows(read(dir, 'network.csv'), 'network.csv', NETWORK_COLUMNS, readNetworkRow)],
    blocks: [...readRows(read(dir, 'blocks.csv'), 'blocks.csv', BLOCKS_COLUMNS, readBlockRow)],
    epochs: [...readRows(read(dir, 'epochs.csv'), 'epochs.csv', EPOCHS_COLUMNS, readEpochRow)],
  };
}

export function readSweepFiles(dir: string): SweepFiles {
  return { runsCsv: read(dir, 'runs.csv'), summaryCsv: read(dir, 'summary.csv'), sweepYaml: read(dir, 'sweep.resolved.yaml') };
}

export function readStudyFiles(dir: string): StudyFiles {
  return { studyJson: read(dir, 'study.json'), gridCsv: read(dir, 'grid.csv'), retentionCsv: read(dir, 'retention.csv') };
}

/** The report page for a run, sweep or study directory, as a string. */
export function buildReportHtml(dir: string): { kind: ResultsKind; html: string } {
  const kind = detectResults(dir);
  const data = kind === 'run' ? buildRunReportData(readRunFiles(dir))
    : kind === 'sweep' ? buildSweepReportData(readSweepFiles(dir))
    : buildStudyReportData(readStudyFiles(dir));
  return { kind, html: renderReportHtml(data, reportCharts(data), loadChartLibraries()) };
}

export interface WrittenReport {
  kind: ResultsKind;
  file: string;
  bytes: number;
}

/**
 * Writes the report for `dir` to `outFile` (default: dir/report.html), through a temporary
 * name renamed into place, so an interrupted write never leaves a file that looks finished.
 */
export function writeReport(dir: string, outFile: string = join(dir, DEFAULT_REPORT_NAME)): WrittenReport {
  const { kind, html } = buildReportHtml(dir);
  const file = resolve(outFile);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, html);
    renameSync(tmp, file);
  } catch (e) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw e;
  }
  return { kind, file, bytes: Buffer.byteLength(html) };
}
