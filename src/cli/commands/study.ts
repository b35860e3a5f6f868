/**
 * `taosim study consensus [...]`: the chain's consensus-guarantee study (map_consensus_guarantees)
 * on every core. Writes grid.csv, retention.csv and two SVG charts to --out; prints the
 * retention thresholds. See docs/study.md.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import {
  DEFAULT_STUDY_CONFIG,
  gridCsv,
  gridWeights,
  ratioBlock,
  renderSvg,
  retentionCsv,
  retentionCurveSpec,
  retentionLinesSpec,
  retentionRows,
  runStudy,
  summarizeRetention,
  worstCase,
  type StudyConfig,
  type StudyTable,
} from '../../study/index.ts';
import { ReportInputError, writeReport } from '../../report/index.ts';
import { writeFileAtomic } from '../../sweep/index.ts';
import { YUMA_VARIANTS, type YumaVariant } from '../../yuma/index.ts';
import { choiceFlag, integerFlag, numberFlag } from '../flags.ts';
import { createProgress } from '../../io/index.ts';
import { CliError, type CliIO } from '../io.ts';
import { formatTable } from '../format.ts';

interface StudyArgs {
  sigma: string;
  'bonds-penalty': string;
  kappa: string;
  variant: string;
  stakes: string;
  grid: string;
  replicates: string;
  seed: string;
  out: string;
  epochs: string;
  validators: string;
  network: string;
  'stake-sd': string;
  workers?: string;
  report?: boolean;
}

/** The study's parameters as run, written to DIR/study.json (read by `taosim report`). */
export function studyJson(c: StudyConfig): string {
  const config = {
    sigma: c.sigma, stakeSd: c.stakeSd, bondsPenalty: c.bondsPenalty, kappa: c.kappa, variant: c.variant, epochs: c.epochs,
    majorStakes: [...c.majorStakes], grid: c.grid, replicates: c.replicates, seed: c.seed, validators: c.validators, network: c.network,
  };
  return JSON.stringify({ study: 'consensus', config }, null, 2) + '\n';
}

const MAX_NETWORK = 4096;
const MAX_GRID = 201;

/** `--stakes 0.51,0.55,...`: each in (0, 1), strictly increasing. */
export function parseStakes(text: string): number[] {
  const parts = String(text).split(',').map((s) => s.trim());
  const out: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (p === '' || !Number.isFinite(v) || !(v > 0 && v < 1)) {
      throw new CliError(`--stakes: '${p}' is not allowed: give comma-separated major stakes strictly between 0 and 1, e.g. 0.51,0.6,0.75`);
    }
    if (out.length > 0 && !(v > out[out.length - 1])) {
      throw new CliError(`--stakes: ${p} after ${out[out.length - 1]}: list the major stakes in increasing order without repeats`);
    }
    out.push(v);
  }
  return out;
}

/** The flags as a study config (validated; throws CliError naming the flag). */
export function studyConfigFromArgs(a: StudyArgs): StudyConfig {
  const validators = integerFlag('validators', a.validators, 2);
  const network = integerFlag('network', a.network, 4);
  if (network > MAX_NETWORK) throw new CliError(`--network: ${network} is too large: give at most ${MAX_NETWORK} uids`);
  if (network - validators < 2) {
    throw new CliError(`--validators: ${validators} of ${network} uids leaves fewer than 2 servers: lower --validators or raise --network`);
  }
  const grid = integerFlag('grid', a.grid, 2);
  if (grid > MAX_GRID) throw new CliError(`--grid: ${grid} is too large: give at most ${MAX_GRID} points per axis`);
  return {
    sigma: numberFlag('sigma', a.sigma, 0, 10),
    stakeSd: numberFlag('stake-sd', a['stake-sd'], 0, 10),
    bondsPenalty: numberFlag('bonds-penalty', a['bonds-penalty'], 0, 1),
    kappa: numberFlag('kappa', a.kappa, 0, 1),
    variant: choiceFlag<YumaVariant>('variant', a.variant, YUMA_VARIANTS),
    epochs: integerFlag('epochs', a.epochs, 1),
    majorStakes: parseStakes(a.stakes),
    grid,
    replicates: integerFlag('replicates', a.replicates, 1),
    seed: integerFlag('seed', a.seed, 0),
    validators,
    network,
  };
}


function describe(c: StudyConfig): string {
  return `sigma ${c.sigma}, bonds penalty ${c.bondsPenalty}, kappa ${c.kappa}, ${c.variant}, ${c.epochs} epoch(s), ` +
    `${c.validators} of ${c.network} uids validators, stake sd ${c.stakeSd}, ${c.replicates} replicate(s), seed ${c.seed}`;
}

function fmt(x: number): string {
  return Number.isNaN(x) ? 'none' : x.toFixed(3);
}

/** The text printed after a study: thresholds per major stake and the 40% + 30% attack check. */
export function studyReport(t: StudyTable, outDir: string): string {
  const c = t.config;
  const rows = retentionRows(t);
  const summary = summarizeRetention(rows, c.majorStakes);
  const table = formatTable(
    ['major stake', 'W_H to retain (mean)', 'min', 'max', 'replicates with a threshold'],
    summary.map((s) => [s.majorStake.toFixed(2), fmt(s.mean), fmt(s.min), fmt(s.max), `${s.n}/${c.replicates}`]),
  );
  const lines = [`consensus study: ${describe(c)}`, table.trimEnd()];
  const w = gridWeights(c.grid);
  const s60 = c.majorStakes.indexOf(0.6);
  const i70 = w.findIndex((x) => Math.abs(x - 0.7) < 1e-12);
  if (s60 >= 0 && i70 >= 0) {
    const worst = Array.from({ length: c.replicates }, (_, rep) => worstCase(ratioBlock(t, rep, s60), w, i70));
    const lost = worst.filter((x) => x.ratio < 0.6).length;
    lines.push(
      `40% stake + 30% utility attack (S_H = 0.6, W_H = 0.7): worst major ratio ` +
        worst.map((x) => `${x.ratio.toFixed(4)} at W_C = ${x.minorWeight.toFixed(2)}`).join('; ') +
        ` -> the cabal gains in ${lost} of ${c.replicates} replicate(s)`,
    );
  }
  lines.push(`wrote ${['grid.csv', 'retention.csv', 'retention-lines.svg', 'retention-curve.svg', 'study.json'].map((f) => join(outDir, f)).join(', ')}`);
  return lines.join('\n') + '\n';
}

export function studyCommand(io: CliIO): CommandModule<object, StudyArgs> {
  const d = DEFAULT_STUDY_CONFIG;
  return {
    command: 'study <name>',
    describe: "Redraw the chain's consensus-guarantee study (study consensus)",
    builder: (y: Argv) =>
      y
        .positional('name', { type: 'string', choices: ['consensus'], describe: 'the study to run' })
        .option('sigma', { type: 'string', default: String(d.sigma), describe: 'weight standard deviation (x the mean weight)' })
        .option('bonds-penalty', { type: 'string', default: String(d.bondsPenalty), describe: 'bonds penalty in [0, 1] (u16 = x * 65534, as the chain test)' })
        .option('kappa', { type: 'string', default: String(d.kappa), describe: 'consensus majority kappa in [0, 1]' })
        .option('variant', { type: 'string', default: d.variant, describe: `Yuma variant: ${YUMA_VARIANTS.join(', ')}` })
        .option('stakes', { type: 'string', default: d.majorStakes.join(','), describe: 'major (honest) stakes, comma separated' })
        .option('grid', { type: 'string', default: String(d.grid), describe: 'points per weight axis (W_H and W_C from 1 to 0)' })
        .option('replicates', { type: 'string', default: String(d.replicates), describe: 'independent draws of stake and weights' })
        .option('seed', { type: 'string', default: String(d.seed), describe: 'the study seed (whole number)' })
        .option('epochs', { type: 'string', default: String(d.epochs), describe: 'epochs with the weights set (bond build-up); 1 = the chain study' })
        .option('validators', { type: 'string', default: String(d.validators), describe: 'validators (uids 0..V-1)' })
        .option('network', { type: 'string', default: String(d.network), describe: 'uids in the subnet' })
        .option('stake-sd', { type: 'string', default: String(d.stakeSd), describe: 'validator stake standard deviation' })
        .option('workers', { type: 'string', describe: 'worker threads (default: every core)' })
        .option('out', { type: 'string', default: 'results/consensus-study', describe: 'output folder' })
        .option('report', { type: 'boolean', default: false, describe: 'also write report.html (charts, tables) in the output folder' }) as unknown as Argv<StudyArgs>,
    handler: async (a) => {
      const config = studyConfigFromArgs(a);
      const workers = a.workers === undefined ? availableParallelism() : integerFlag('workers', a.workers, 1);
      try {
        mkdirSync(a.out, { recursive: true });
      } catch (e) {
        throw new CliError(`--out: cannot create ${a.out}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const bar = createProgress(io.isTTY, 'study', { unit: 'rows', rateUnit: 'epochs', ratePerUnit: config.grid * config.epochs });
      let table: StudyTable;
      try {
        table = await runStudy(config, { workers, onProgress: (done, total) => bar.update(done, total) });
      } finally {
        bar.stop();
      }
      const rows = retentionRows(table);
      const title = describe(config);
      writeFileAtomic(join(a.out, 'grid.csv'), gridCsv(table));
      writeFileAtomic(join(a.out, 'retention.csv'), retentionCsv(rows));
      writeFileAtomic(join(a.out, 'retention-lines.svg'), await renderSvg(retentionLinesSpec(table, title)));
      writeFileAtomic(join(a.out, 'retention-curve.svg'), await renderSvg(retentionCurveSpec(rows, title)));
      writeFileAtomic(join(a.out, 'study.json'), studyJson(config));
      io.out(studyReport(table, a.out));
      if (a.report) {
        try {
          const rep = writeReport(a.out, join(a.out, 'report.html'));
          io.out(`wrote ${rep.file} (${(rep.bytes / 1024).toFixed(0)} KiB)\n`);
        } catch (e) {
          if (e instanceof ReportInputError) throw new CliError(`--report: ${e.message}`);
          throw e;
        }
      }
    },
  };
}
