/** The `taosim` program: parse, validate, delegate. Each subcommand lives in commands/. */
import yargs from 'yargs';
import { CliError, processIO, type CliIO } from './io.ts';
import { emissionCommand } from './commands/emission.ts';
import { ammCommand } from './commands/amm.ts';
import { reportCommand } from './commands/report.ts';
import { sweepCommand } from './commands/sweep.ts';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { epochCommand } from './commands/epoch.ts';
import { studyCommand } from './commands/study.ts';

export const VERSION = '0.1.0';

/** Runs the CLI; returns the exit code (0 ok, 2 bad input, 1 internal error). */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let yargsMessage: string | undefined;
  const parser = yargs([...argv])
    .scriptName('taosim')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'name a command (see taosim --help)')
    .recommendCommands()
    .command(emissionCommand(io))
    .command(ammCommand(io))
    .command(reportCommand(io))
    .command(sweepCommand(io))
    .command(runCommand(io, VERSION))
    .command(validateCommand(io))
    .command(epochCommand(io))
    .command(studyCommand(io))
    .help()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      yargsMessage = msg;
      throw new CliError(msg);
    });
  let helpText = '';
  try {
    await parser.parseAsync([...argv], {}, (_err, _argv, output) => {
      helpText = output;
    });
    if (helpText && yargsMessage === undefined) io.out(helpText.endsWith('\n') ? helpText : helpText + '\n');
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`taosim: ${e.message}\n`);
      return 2;
    }
    io.err(`taosim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
