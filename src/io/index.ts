export { cellText, commitFiles, createCsvRecorder, tempName, type CsvRecorder, type TempFile } from './csvRecorder.ts';
export { openRunOutput, type RunOutput } from './runOutput.ts';
export { SILENT_PROGRESS, createProgress, progressEnabled, type Progress, type ProgressOptions } from './progress.ts';
export { checkScenarioFile, checkScenarioText, formatIssues, resolvedYaml, type FileCheck, type FileIssue } from './scenarioFile.ts';
export { summaryJson } from './summaryJson.ts';
