/** `taosim amm quote`: one stake or unstake against a pool, with the fee, prices and slippage. */
import type { CommandModule } from 'yargs';
import { CURVE_NAMES, MAX_EXACT, MAX_FEE_RATE_U16, quoteSwap, SwapRefused, type CurveName } from '../../dtao-amm/index.ts';
import { formatTao } from '../../money/index.ts';
import { CliError, type CliIO } from '../io.ts';
import { formatTable, toJson } from '../format.ts';
import { amountFlag, choiceFlag, numberFlag } from '../flags.ts';

const FORMATS = ['table', 'json'] as const;
/** Chain default fee: FeeRate 33 / 65535. */
const DEFAULT_FEE_U16 = 33;

interface QuoteArgs {
  pool?: string;
  'tao-reserve'?: string;
  'alpha-reserve'?: string;
  weight?: string;
  stake?: string;
  unstake?: string;
  fee?: string;
  format: string;
}

function unitsFlag(flag: string, text: string | undefined): number {
  if (text === undefined) throw new CliError(`--${flag}: missing: give an amount, e.g. --${flag} 1000 (TAO / alpha) or --${flag} 1000000000rao`);
  const v = amountFlag(flag, text);
  if (v > BigInt(MAX_EXACT)) throw new CliError(`--${flag}: ${formatTao(v)} is too large: amounts must stay below 2^53 units (about 9,007,199 TAO)`);
  return Number(v);
}

/** The fee as a fraction (0.0005) or a percentage (0.05%), stored as the chain does: round(F * 65535). */
export function feeFlag(text: string | undefined): number {
  if (text === undefined) return DEFAULT_FEE_U16;
  const s = String(text).trim();
  const pct = s.endsWith('%');
  const v = numberFlag('fee', pct ? s.slice(0, -1) : s, 0, pct ? 100 : 1);
  const u16 = Math.round((pct ? v / 100 : v) * 65535);
  if (u16 > MAX_FEE_RATE_U16) {
    throw new CliError(`--fee: '${text}' is above the chain's maximum fee of ${MAX_FEE_RATE_U16}/65535 (about 15.26%): give a smaller fee`);
  }
  return u16;
}

export function ammCommand(io: CliIO): CommandModule {
  const quote: CommandModule<object, QuoteArgs> = {
    command: 'quote',
    describe: 'Quote a stake (TAO -> alpha) or unstake (alpha -> TAO) against a pool',
    builder: (y) =>
      y
        .option('pool', { type: 'string', describe: 'constant-product or weighted' })
        .option('tao-reserve', { type: 'string', describe: 'TAO in the pool: TAO (123.5) or rao (123500000000rao)' })
        .option('alpha-reserve', { type: 'string', describe: 'alpha in the pool (same units as TAO: 1e9 per alpha)' })
        .option('weight', { type: 'string', describe: 'weighted pool: the TAO-side weight w in [0.01, 0.99] (default 0.5)' })
        .option('stake', { type: 'string', describe: 'TAO to stake (swap TAO -> alpha)' })
        .option('unstake', { type: 'string', describe: 'alpha to unstake (swap alpha -> TAO)' })
        .option('fee', { type: 'string', describe: 'swap fee as a fraction (0.0005) or percent (0.05%); default the chain\'s 33/65535' })
        .option('format', { type: 'string', default: 'table', describe: 'table or json' }),
    handler: (args) => {
      if (args.pool === undefined) throw new CliError(`--pool: missing: give --pool ${CURVE_NAMES.join(' or --pool ')}`);
      const pool = choiceFlag<CurveName>('pool', args.pool, CURVE_NAMES);
      const format = choiceFlag('format', args.format, FORMATS);
      const taoReserve = unitsFlag('tao-reserve', args['tao-reserve']);
      const alphaReserve = unitsFlag('alpha-reserve', args['alpha-reserve']);
      let weight = 0.5;
      if (args.weight !== undefined) {
        weight = numberFlag('weight', args.weight, 0.01, 0.99);
        if (pool === 'constant-product' && weight !== 0.5) {
          throw new CliError(`--weight: the constant-product pool has no weight; drop --weight or use --pool weighted`);
        }
      }
      const fee = feeFlag(args.fee);
      if ((args.stake === undefined) === (args.unstake === undefined)) {
        throw new CliError('--stake / --unstake: give exactly one of them, e.g. --stake 10 or --unstake 100');
      }
      const side = args.stake !== undefined ? 'stake' : 'unstake';
      const amount = unitsFlag(side, side === 'stake' ? args.stake : args.unstake);
      if (amount === 0) throw new CliError(`--${side}: must be above 0`);
      if (taoReserve === 0 || alphaReserve === 0) {
        throw new CliError(`--${taoReserve === 0 ? 'tao-reserve' : 'alpha-reserve'}: must be above 0: an empty pool has no price`);
      }
      let q;
      try {
        q = quoteSwap({ curve: pool, taoReserve, alphaReserve, quoteWeight: weight, feeRateU16: fee }, side, amount, { minimumReserve: 0 });
      } catch (e) {
        if (e instanceof SwapRefused) throw new CliError(`--${side}: the pool refuses this swap: ${e.message}`);
        throw e;
      }
      const inUnit = side === 'stake' ? 'TAO' : 'alpha';
      const outUnit = side === 'stake' ? 'alpha' : 'TAO';
      if (format === 'json') {
        io.out(
          toJson({
            pool,
            weight,
            fee_rate_u16: fee,
            side,
            tao_reserve_rao: BigInt(taoReserve),
            alpha_reserve: BigInt(alphaReserve),
            amount_in: BigInt(q.amountIn),
            fee: BigInt(q.fee),
            amount_into_pool: BigInt(q.deltaIn),
            amount_out: BigInt(q.amountOut),
            refund: BigInt(q.refund),
            price_before: q.priceBefore,
            price_after: q.priceAfter,
            slippage: q.slippage,
          }),
        );
        return;
      }
      const rows: string[][] = [
        ['pool', pool + (pool === 'weighted' ? ` (TAO weight ${weight})` : '')],
        ['side', `${side} (${inUnit} -> ${outUnit})`],
        ['amount in', `${formatTao(BigInt(q.amountIn))} ${inUnit}`],
        ['fee', `${formatTao(BigInt(q.fee))} ${inUnit} (${fee}/65535)`],
        ['into pool', `${formatTao(BigInt(q.deltaIn))} ${inUnit}`],
        ['amount out', `${formatTao(BigInt(q.amountOut))} ${outUnit}`],
        ['price before', `${q.priceBefore.toPrecision(12)} TAO/alpha`],
        ['price after', `${q.priceAfter.toPrecision(12)} TAO/alpha`],
        ['slippage', `${(q.slippage * 100).toFixed(6)}% (vs spot, fee included)`],
      ];
      io.out(formatTable(['quantity', 'value'], rows));
    },
  };
  return {
    command: 'amm <command>',
    describe: 'dTAO subnet pools: quote swaps',
    builder: (y) => y.command(quote).demandCommand(1, 'name an amm command: quote'),
    handler: () => {},
  };
}
