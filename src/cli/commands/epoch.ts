/** `taosim epoch`: one Yuma Consensus epoch (or K chained ones) of a subnet snapshot. */
import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import {
  EPOCH_CSV_COLUMNS,
  SnapshotError,
  epochReportJson,
  epochReportRows,
  parseEpochSnapshot,
  runSnapshotEpochs,
} from '../../yuma/index.ts';
import { CliError, type CliIO } from '../io.ts';
import { toCsv } from '../format.ts';
import { choiceFlag, integerFlag } from '../flags.ts';

const FORMATS = ['json', 'csv'] as const;

interface EpochArgs {
  input?: string;
  format: string;
  epochs: string;
}

export function epochCommand(io: CliIO): CommandModule<object, EpochArgs> {
  return {
    command: 'epoch',
    describe: 'Run the Yuma Consensus epoch of a subnet snapshot (JSON or YAML) and print the result',
    builder: (y) =>
      y
        .option('input', { type: 'string', describe: 'snapshot file (taosim.epoch-snapshot/1, JSON or YAML)' })
        .option('format', { type: 'string', default: 'json', describe: 'json or csv' })
        .option('epochs', { type: 'string', default: '1', describe: 'run K epochs on the same weights, feeding bonds back' }),
    handler: (args) => {
      if (args.input === undefined || args.input === '') {
        throw new CliError('--input: give the snapshot file, e.g. --input subnet.json');
      }
      const format = choiceFlag('format', args.format, FORMATS);
      const epochs = integerFlag('epochs', args.epochs, 1);
      if (epochs > 100_000) throw new CliError(`--epochs: '${args.epochs}' is not allowed: give at most 100000`);
      let text: string;
      try {
        text = readFileSync(args.input, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
        throw new CliError(`--input: cannot read '${args.input}' (${code}): give a readable snapshot file`);
      }
      let report;
      try {
        report = runSnapshotEpochs(parseEpochSnapshot(text), epochs);
      } catch (e) {
        if (e instanceof SnapshotError) throw new CliError(`--input ${args.input}: ${e.message}`);
        if (e instanceof RangeError && e.message.startsWith('YUMA_WORKSPACE_TOO_LARGE')) {
          throw new CliError(`--input ${args.input}: too many rows x uids for one epoch (the kernel's scratch would pass 4 GiB): give fewer validators with weights or bonds`);
        }
        throw e;
      }
      io.out(format === 'json' ? epochReportJson(report) : toCsv(EPOCH_CSV_COLUMNS, epochReportRows(report)));
    },
  };
}
