/** `taosim validate FILE`: checks a scenario file; prints every problem with its path and fix. */
import type { CommandModule } from 'yargs';
import { checkScenarioFile, formatIssues } from '../../io/index.ts';
import { CliError, type CliIO } from '../io.ts';

interface ValidateArgs {
  file: string;
}

export function validateCommand(io: CliIO): CommandModule<object, ValidateArgs> {
  return {
    command: 'validate <file>',
    describe: 'Check a scenario file (YAML or JSON) and print every problem with its path and the fix',
    builder: (y) => y.positional('file', { type: 'string', demandOption: true, describe: 'scenario file' }),
    handler: (args) => {
      const r = checkScenarioFile(args.file);
      if (!r.ok) {
        io.err(formatIssues(args.file, r.issues));
        throw new CliError(`${args.file}: ${r.issues.length} problem(s) found; nothing was run`);
      }
      const s = r.scenario;
      const agents = s.agents.reduce((a, g) => a + g.count, 0);
      io.out(
        `${args.file}: ok: scenario ${s.name}, seed ${s.seed}, ${s.durationBlocks} blocks from block ${s.startBlock}, ` +
          `${s.subnets.length} subnet(s), ${s.agents.length} agent group(s) (count ${agents}), ${s.events.length} event(s)\n`,
      );
    },
  };
}
