/**
 * `taosim run FILE [--out DIR] [--seed N] [--blocks N]`: validates the scenario, runs it, and
 * writes results/<name>/ (network.csv, blocks.csv, epochs.csv as connected, summary.json,
 * scenario.resolved.yaml). A bad scenario is refused before anything is created; a failed or
 * interrupted run removes its temporary files.
 */
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { checkScenarioFile, createProgress, formatIssues, openRunOutput, resolvedYaml, summaryJson } from '../../io/index.ts';
import { formatTao } from '../../money/index.ts';
import { consensusThreads, createRun, defaultComponents, stepRun, summarize, THREADED_FROM_SUBNETS, type RunSummary } from '../../sim/index.ts';
import { ReportInputError, writeReport } from '../../report/index.ts';
import { CliError, type CliIO } from '../io.ts';
import { integerFlag } from '../flags.ts';

interface RunArgs {
  file: string;
  out?: string;
  seed?: string;
  blocks?: string;
  threads?: string;
  report?: boolean;
}

// Small enough that Ctrl-C is noticed within about a second on the largest bundled scenario.
const CHUNK_BLOCKS = 4_096;
const MAX_THREADS = 64;

/** The components a run is wired to: the dTAO market and the Yuma consensus (src/sim/components.ts). */
export { defaultComponents };

export function runCommand(io: CliIO, version: string): CommandModule<object, RunArgs> {
  return {
    command: 'run <file>',
    describe: 'Run a scenario and write results/<name>/ (CSV tables, summary.json, scenario.resolved.yaml)',
    builder: (y) =>
      y
        .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
        .option('out', { type: 'string', describe: 'output directory (default: results/<scenario name>)' })
        .option('seed', { type: 'string', describe: "override the scenario's seed" })
        .option('blocks', { type: 'string', describe: "override the scenario's duration, in blocks" })
        .option('threads', {
          type: 'string',
          describe: `worker threads for Yuma besides the engine thread (0: none; default: one per core but one with ${THREADED_FROM_SUBNETS}+ subnets, else 0); results are the same for any count`,
        })
        .option('report', { type: 'boolean', default: false, describe: 'also write report.html (charts) beside the results' }),
    handler: async (args) => {
      const seed = args.seed === undefined ? undefined : integerFlag('seed', args.seed, 0);
      const blocks = args.blocks === undefined ? undefined : integerFlag('blocks', args.blocks, 1);
      const threads = args.threads === undefined ? undefined : integerFlag('threads', args.threads, 0);
      if (threads !== undefined && threads > MAX_THREADS) throw new CliError(`--threads: '${args.threads}' is not allowed: give a whole number from 0 to ${MAX_THREADS}`);
      const r = checkScenarioFile(args.file, { seed, blocks });
      if (!r.ok) {
        io.err(formatIssues(args.file, r.issues));
        throw new CliError(`${args.file}: ${r.issues.length} problem(s) found; nothing was run or written`);
      }
      const scenario = r.scenario;
      const dir = args.out ?? join('results', scenario.name);
      const output = openRunOutput(dir);
      const progress = createProgress(io.isTTY, scenario.name);
      let interrupted = false;
      const onSigint = () => {
        interrupted = true;
      };
      process.once('SIGINT', onSigint);
      let summary: RunSummary;
      const components = defaultComponents(scenario, consensusThreads(scenario, threads));
      try {
        const state = createRun(scenario, output.recorder, components);
        while (!stepRun(state, CHUNK_BLOCKS)) {
          progress.update(state.block - scenario.startBlock, scenario.durationBlocks);
          await new Promise((res) => setImmediate(res));
          if (interrupted) throw new CliError(`interrupted at block ${state.block}; temporary files removed, nothing written`);
        }
        progress.update(scenario.durationBlocks, scenario.durationBlocks);
        summary = summarize(state);
        output.writeText('summary.json', summaryJson(summary, version));
        output.writeText('scenario.resolved.yaml', resolvedYaml(scenario, version));
        output.commit();
      } catch (e) {
        output.abort();
        throw e;
      } finally {
        components.consensus?.close?.();
        progress.stop();
        process.removeListener('SIGINT', onSigint);
      }
      const tables = scenario.outputs.tables.filter(
        (t) => t === 'network' || (t === 'blocks' && summary.components.market) || (t === 'epochs' && summary.components.consensus),
      );
      io.out(`wrote ${dir}/: ${[...tables.map((t) => `${t}.csv`), 'summary.json', 'scenario.resolved.yaml'].join(', ')}\n`);
      io.out(
        `${summary.blocks} blocks (${summary.start_block}..${summary.end_block}): minted ${formatTao(summary.totals.minted_rao)} TAO, ` +
          `recycled ${formatTao(summary.totals.recycled_rao)} TAO, issuance ${formatTao(summary.totals.issuance_end_rao)} TAO, ` +
          `halvings crossed ${summary.halvings.length}, conservation ${summary.conservation.ok ? 'ok' : 'FAILED'}\n`,
      );
      const missing = [!summary.components.market && 'market (src/dtao-amm)', !summary.components.consensus && 'consensus (src/yuma)'].filter(Boolean);
      if (missing.length > 0) io.out(`not simulated in this build: ${missing.join(', ')}\n`);
      if (args.report) {
        try {
          const rep = writeReport(dir, join(dir, 'report.html'));
          io.out(`wrote ${rep.file} (${Math.round(rep.bytes / 1024)} KiB)\n`);
        } catch (e) {
          if (e instanceof ReportInputError) {
            throw new CliError(`--report: ${e.message} (a report needs the network, blocks and epochs tables in outputs.tables)`);
          }
          throw e;
        }
      }
    },
  };
}
