/** `taosim emission`: the halving table from a start state. */
import type { CommandModule } from 'yargs';
import {
  NO_RECYCLING,
  SCHEDULE_NAMES,
  makeSchedule,
  projectHalvings,
  scheduleReward,
  type ScheduleName,
} from '../../emission/index.ts';
import { formatTao } from '../../money/index.ts';
import { CliError, type CliIO } from '../io.ts';
import { formatTable, isoDate, toCsv, toJson } from '../format.ts';
import { amountFlag, choiceFlag, integerFlag } from '../flags.ts';

/** Assumed date of block 0 (Finney's launch, 2023-03-20) when --date is not given. */
export const DEFAULT_GENESIS_DATE = '2023-03-20T00:00:00Z';
const FORMATS = ['table', 'csv', 'json'] as const;

interface EmissionArgs {
  issuance: string;
  block: string;
  date?: string;
  schedule: string;
  'recycle-per-block': string;
  'initial-reward': string;
  cap: string;
  'block-time': string;
  'halving-interval'?: string;
  format: string;
}

export function emissionCommand(io: CliIO): CommandModule<object, EmissionArgs> {
  return {
    command: 'emission',
    describe: 'Print the halving table: when each halving comes and the reward after it',
    builder: (y) =>
      y
        .option('issuance', { type: 'string', default: '0', describe: 'total issuance at the start: TAO (123.5) or rao (123500000000rao)' })
        .option('block', { type: 'string', default: '0', describe: 'block number of the start' })
        .option('date', { type: 'string', describe: `ISO date of the start block (default: block 0 at ${DEFAULT_GENESIS_DATE}, 12 s blocks)` })
        .option('schedule', { type: 'string', default: 'chain', describe: 'chain (issuance-based, as the chain) or time (halving every N blocks)' })
        .option('recycle-per-block', { type: 'string', default: '0', describe: 'TAO recycled (taken out of issuance) every block' })
        .option('initial-reward', { type: 'string', default: '1', describe: 'reward per block before any halving' })
        .option('cap', { type: 'string', default: '21000000', describe: 'total supply cap' })
        .option('block-time', { type: 'string', default: '12', describe: 'seconds per block, for dates' })
        .option('halving-interval', { type: 'string', describe: 'blocks between halvings for --schedule time (default: 4 years of blocks)' })
        .option('format', { type: 'string', default: 'table', describe: 'table, csv or json' }),
    handler: (args) => {
      const schedule = choiceFlag<ScheduleName>('schedule', args.schedule, SCHEDULE_NAMES);
      const format = choiceFlag('format', args.format, FORMATS);
      const issuance = amountFlag('issuance', args.issuance);
      const recycle = amountFlag('recycle-per-block', args['recycle-per-block']);
      const initialReward = amountFlag('initial-reward', args['initial-reward']);
      const cap = amountFlag('cap', args.cap);
      const block = integerFlag('block', args.block, 0);
      const blockTime = Number(args['block-time']);
      if (!(blockTime > 0) || !Number.isFinite(blockTime)) {
        throw new CliError(`--block-time: '${args['block-time']}' is not allowed: give a positive number of seconds`);
      }
      if (initialReward === 0n) throw new CliError('--initial-reward: must be above 0');
      if (cap === 0n) throw new CliError('--cap: must be above 0');
      if (issuance > cap) {
        throw new CliError(`--issuance: ${formatTao(issuance)} TAO is above the cap of ${formatTao(cap)} TAO: give an issuance at or below the cap`);
      }
      const interval =
        args['halving-interval'] === undefined ? undefined : integerFlag('halving-interval', args['halving-interval'], 1);
      let dateMs: number;
      if (args.date === undefined) {
        dateMs = Date.parse(DEFAULT_GENESIS_DATE) + block * blockTime * 1000;
      } else {
        dateMs = Date.parse(args.date);
        if (!/^\d{4}-\d{2}-\d{2}/.test(args.date) || Number.isNaN(dateMs)) {
          throw new CliError(`--date: '${args.date}' is not an ISO date: write e.g. 2025-02-13 or 2025-02-13T12:00:00Z`);
        }
      }
      const spec = makeSchedule(schedule, {
        initialRewardRao: initialReward,
        capRao: cap,
        blockTimeSeconds: blockTime,
        ...(interval === undefined ? {} : { halvingIntervalBlocks: interval }),
      });
      const rows = projectHalvings(
        spec,
        { issuanceRao: issuance, block, dateMs },
        recycle === 0n ? NO_RECYCLING : { perBlockRao: recycle, events: [] },
      );
      const startReward = scheduleReward(spec, issuance, block);
      if (format === 'json') {
        io.out(
          toJson({
            schedule,
            start: { issuance_rao: issuance, block, date: isoDate(dateMs), reward_rao: startReward, recycle_per_block_rao: recycle },
            halvings: rows.map((r) => ({
              index: r.index,
              event: r.event,
              threshold_rao: r.thresholdRao,
              block: r.block,
              date: isoDate(r.dateMs),
              issuance_rao: r.issuanceRao,
              reward_rao: r.rewardRao,
            })),
          }),
        );
        return;
      }
      const headers = ['index', 'event', 'threshold_tao', 'block', 'date', 'issuance_tao', 'reward_tao'];
      const cells = rows.map((r) => [
        String(r.index),
        r.event,
        formatTao(r.thresholdRao),
        String(r.block),
        isoDate(r.dateMs),
        formatTao(r.issuanceRao),
        formatTao(r.rewardRao),
      ]);
      if (format === 'csv') {
        io.out(toCsv(headers, cells));
        return;
      }
      io.out(
        `schedule ${schedule}: start at block ${block} (${isoDate(dateMs)}), issuance ${formatTao(issuance)} TAO, ` +
          `reward ${formatTao(startReward)} TAO/block, recycling ${formatTao(recycle)} TAO/block\n`,
      );
      io.out(rows.length === 0 ? 'no halving ahead: issuance cannot grow to the next threshold\n' : formatTable(headers, cells));
    },
  };
}
