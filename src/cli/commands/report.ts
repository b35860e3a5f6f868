/** `taosim report DIR [--out FILE.html]`: one self-contained HTML page of charts for a run or sweep. */
import type { CommandModule } from 'yargs';
import { ReportInputError, writeReport } from '../../report/index.ts';
import { CliError, type CliIO } from '../io.ts';

interface ReportArgs {
  dir: string;
  out?: string;
}

export function reportCommand(io: CliIO): CommandModule<object, ReportArgs> {
  return {
    command: 'report <dir>',
    describe: 'Write one self-contained HTML report (charts, tables) for a run or sweep results folder',
    builder: (y) =>
      y
        .positional('dir', { type: 'string', demandOption: true, describe: 'a run folder (summary.json, ...) or a sweep folder (runs.csv, ...)' })
        .option('out', { type: 'string', describe: 'the HTML file to write (default: DIR/report.html)' }),
    handler: (args) => {
      if (args.out !== undefined && !/\.html?$/i.test(args.out)) {
        throw new CliError(`--out: '${args.out}' is not allowed: give a file name ending in .html`);
      }
      try {
        const w = writeReport(String(args.dir), args.out);
        io.out(`wrote ${w.kind} report ${w.file} (${(w.bytes / 1024).toFixed(0)} KiB)\n`);
      } catch (e) {
        if (e instanceof ReportInputError) throw new CliError(e.message);
        if (e instanceof Error && 'code' in e && typeof e.code === 'string' && ['ENOENT', 'EACCES', 'EISDIR', 'ENOTDIR'].includes(e.code)) {
          throw new CliError(`--out: cannot write '${args.out}': ${e.message}`);
        }
        throw e;
      }
    },
  };
}
