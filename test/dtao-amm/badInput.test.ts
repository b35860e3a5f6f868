/** Bad input to the API and to `taosim amm quote`: refused with a clear error, ledger untouched. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addStake,
  createNetwork,
  creditEpoch,
  deregisterSubnet,
  quoteSwap,
  registerSubnet,
  removeStake,
  seedSubnet,
  setShareRule,
  stepBlock,
  type Network,
} from '../../src/dtao-amm/index.ts';
import { main } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/io.ts';

const TAO = 1_000_000_000;

/** A byte-exact picture of the whole ledger (kernel scratch excluded). */
const SCRATCH = new Set(['scratchA', 'scratchB', 'emitting', 'swapOut']);
function digest(net: Network): string {
  return JSON.stringify(net, (k, v) => {
    if (SCRATCH.has(k)) return undefined;
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Map) return [...v.entries()];
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
    return v;
  });
}

function fixture(): Network {
  const net = createNetwork({ maxNetuid: 3, balances: [{ coldkey: 1, rao: 100n * BigInt(TAO) }] });
  seedSubnet(net, { netuid: 1, ownerColdkey: 10, ownerHotkey: 20, taoReserve: 1000 * TAO, alphaReserve: 2000 * TAO, stakes: [{ hotkey: 20, coldkey: 10, alpha: 5 * TAO }] });
  return net;
}

describe('API refusals leave the ledger untouched', () => {
  const cases: Array<[string, (n: Network) => unknown, RegExp]> = [
    ['stake more than the balance', (n) => addStake(n, { coldkey: 1, hotkey: 30, netuid: 1, amount: 101 * TAO }), /INSUFFICIENT_BALANCE/],
    ['stake to a missing subnet', (n) => addStake(n, { coldkey: 1, hotkey: 30, netuid: 2, amount: TAO }), /netuid: 2 is not a registered subnet/],
    ['stake a fractional amount', (n) => addStake(n, { coldkey: 1, hotkey: 30, netuid: 1, amount: 1.5 }), /amount/],
    ['stake a negative amount', (n) => addStake(n, { coldkey: 1, hotkey: 30, netuid: 1, amount: -5 }), /amount/],
    ['stake with a negative account id', (n) => addStake(n, { coldkey: -1, hotkey: 20, netuid: 1, amount: TAO }), /coldkey: -1 is not an account id/],
    ['stake past the price limit', (n) => addStake(n, { coldkey: 1, hotkey: 30, netuid: 1, amount: TAO, limitPrice: 0.1 }), /PRICE_LIMIT_EXCEEDED/],
    ['unstake more than held', (n) => removeStake(n, { coldkey: 10, hotkey: 20, netuid: 1, amount: 6 * TAO }), /INSUFFICIENT_STAKE/],
    ['unstake from root without stake', (n) => removeStake(n, { coldkey: 1, hotkey: 30, netuid: 0, amount: 1 }), /INSUFFICIENT_STAKE/],
    ['register without the lock cost', (n) => registerSubnet(n, { coldkey: 1, hotkey: 31 }), /INSUFFICIENT_BALANCE/],
    ['deregister a missing subnet', (n) => deregisterSubnet(n, 3), /not a registered subnet/],
    ['seed an existing netuid', (n) => seedSubnet(n, { netuid: 1, ownerColdkey: 1, ownerHotkey: 2, taoReserve: 1, alphaReserve: 1 }), /already registered/],
    ['seed a reserve past 2^53', (n) => seedSubnet(n, { netuid: 2, ownerColdkey: 1, ownerHotkey: 2, taoReserve: 2 ** 53, alphaReserve: 1 }), /UNIT_OVERFLOW/],
    ['step a fractional emission', (n) => stepBlock(n, 0.5), /blockEmissionRao/],
    ['switch to an unknown rule', (n) => setShareRule(n, 'flow'), /not a share rule/],
    ['credit an epoch that was not drained', (n) => creditEpoch(n, 1, [20], [1], [1]), /no drained epoch/],
  ];
  for (const [name, f, msg] of cases) {
    it(`refuses: ${name}`, () => {
      const net = fixture();
      const before = digest(net);
      expect(() => f(net)).toThrowError(msg);
      expect(digest(net)).toBe(before);
    });
  }

  it('creditEpoch with bad vectors is refused before anything moves', () => {
    const net = createNetwork({ maxNetuid: 2, rootStake: [{ hotkey: 50, coldkey: 50, rao: 10n ** 15n }] });
    seedSubnet(net, { netuid: 1, ownerColdkey: 10, ownerHotkey: 20, taoReserve: 1000 * TAO, alphaReserve: 2000 * TAO, tempo: 1 });
    stepBlock(net, TAO); // block 0: LastEpochBlock = 0, not due yet
    stepBlock(net, TAO);
    expect(net.epochCount).toBe(1);
    const before = digest(net);
    expect(() => creditEpoch(net, 1, [20, 99], [1, 0], [0, 1])).toThrowError(/hotkeys\[1\]: 99 has no owner/);
    expect(() => creditEpoch(net, 1, [20], [NaN], [1])).toThrowError(/incentive\[0\]/);
    expect(() => creditEpoch(net, 1, [20, 20], [1, 1], [1, 1])).toThrowError(/listed twice/);
    expect(() => creditEpoch(net, 1, [20], [1, 2], [1])).toThrowError(/lengths/);
    expect(digest(net)).toBe(before);
    expect(() => stepBlock(net, TAO)).toThrowError(/EPOCH_NOT_CREDITED/);
    expect(digest(net)).toBe(before);
  });

  it('quoteSwap refuses malformed pools and amounts with the field named', () => {
    const ok = { curve: 'weighted' as const, taoReserve: 1e9, alphaReserve: 1e9, quoteWeight: 0.5, feeRateU16: 33 };
    expect(() => quoteSwap({ ...ok, quoteWeight: 0.999 }, 'stake', 1)).toThrowError(/quoteWeight/);
    expect(() => quoteSwap({ ...ok, taoReserve: -1 }, 'stake', 1)).toThrowError(/taoReserve/);
    expect(() => quoteSwap({ ...ok, feeRateU16: 20_000 }, 'stake', 1)).toThrowError(/feeRateU16/);
    expect(() => quoteSwap(ok, 'stake', 0)).toThrowError(/ZERO_AMOUNT/);
  });
});

function bufferIO(): CliIO & { outText: () => string; errText: () => string } {
  let o = '';
  let e = '';
  return { out: (t) => void (o += t), err: (t) => void (e += t), isTTY: false, outText: () => o, errText: () => e };
}

async function run(argv: string[]) {
  const io = bufferIO();
  const code = await main(argv, io);
  return { code, out: io.outText(), err: io.errText() };
}

describe('taosim amm quote', () => {
  it('quotes a constant-product stake (hand-checked: fee floor(10e9*33/65535), out floor(x dy / (y + dy)))', async () => {
    const r = await run(['amm', 'quote', '--pool', 'constant-product', '--tao-reserve', '1000', '--alpha-reserve', '4000', '--stake', '10', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.fee).toBe('5035477');
    const dy = 10_000_000_000n - 5_035_477n;
    expect(j.amount_out).toBe(String((4_000_000_000_000n * dy) / (1_000_000_000_000n + dy)));
    expect(j.price_before).toBe(0.25);
    expect(j.price_after).toBeGreaterThan(0.25);
  });

  it('quotes a weighted unstake as a table naming every quantity', async () => {
    const r = await run(['amm', 'quote', '--pool', 'weighted', '--weight', '0.25', '--tao-reserve', '1000', '--alpha-reserve', '4000', '--unstake', '100', '--fee', '0%']);
    expect(r.code).toBe(0);
    for (const k of ['amount out', 'fee', 'price before', 'price after', 'slippage']) expect(r.out).toContain(k);
    // weight 0.25 on TAO: price = (0.75 / 0.25) * 1000 / 4000 = 0.75
    expect(r.out).toContain('0.750000000000 TAO/alpha');
  });

  const bad: Array<[string[], RegExp]> = [
    [['--tao-reserve', '1', '--alpha-reserve', '1', '--stake', '1'], /--pool: missing/],
    [['--pool', 'uniswap', '--tao-reserve', '1', '--alpha-reserve', '1', '--stake', '1'], /--pool: 'uniswap' is not allowed/],
    [['--pool', 'weighted', '--alpha-reserve', '1', '--stake', '1'], /--tao-reserve: missing/],
    [['--pool', 'weighted', '--tao-reserve', 'ten', '--alpha-reserve', '1', '--stake', '1'], /--tao-reserve: 'ten' is not an amount/],
    [['--pool', 'weighted', '--tao-reserve', '1', '--alpha-reserve', '1'], /exactly one/],
    [['--pool', 'weighted', '--tao-reserve', '1', '--alpha-reserve', '1', '--stake', '1', '--unstake', '1'], /exactly one/],
    [['--pool', 'weighted', '--tao-reserve', '1', '--alpha-reserve', '1', '--stake', '0'], /--stake: must be above 0/],
    [['--pool', 'weighted', '--tao-reserve', '0', '--alpha-reserve', '1', '--stake', '1'], /--tao-reserve: must be above 0/],
    [['--pool', 'weighted', '--weight', '1.5', '--tao-reserve', '1', '--alpha-reserve', '1', '--stake', '1'], /--weight/],
    [['--pool', 'constant-product', '--weight', '0.3', '--tao-reserve', '1', '--alpha-reserve', '1', '--stake', '1'], /--weight: the constant-product pool has no weight/],
    [['--pool', 'weighted', '--tao-reserve', '1', '--alpha-reserve', '1', '--stake', '1', '--fee', '0.2'], /--fee/],
    [['--pool', 'weighted', '--tao-reserve', '1', '--alpha-reserve', '1', '--stake', '1', '--format', 'xml'], /--format/],
    [['--pool', 'weighted', '--tao-reserve', '10000000', '--alpha-reserve', '1', '--stake', '1'], /too large/],
    [['--pool', 'weighted', '--tao-reserve', '1', '--alpha-reserve', '1', '--stake', '5000'], /--stake: the pool refuses this swap: SWAP_INPUT_TOO_LARGE/],
  ];
  for (const [args, msg] of bad) {
    it(`refuses ${args.join(' ')} with one line and exit 2`, async () => {
      const r = await run(['amm', 'quote', ...args]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err.startsWith('taosim: ')).toBe(true);
    });
  }

  it('malformed amounts never crash the parser: exit 0 or one clear line with exit 2', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 12 }), fc.constantFrom('--tao-reserve', '--alpha-reserve', '--stake', '--fee', '--weight'), async (text, flag) => {
        const args = ['amm', 'quote', '--pool', 'weighted', '--tao-reserve', '100', '--alpha-reserve', '100', '--stake', '1'];
        const i = args.indexOf(flag);
        if (i >= 0) args[i + 1] = text;
        else args.push(flag, text);
        const r = await run(args);
        expect([0, 2]).toContain(r.code);
        if (r.code === 2) {
          expect(r.err.startsWith('taosim: ')).toBe(true);
          expect(r.err.trim().split('\n')).toHaveLength(1);
        }
      }),
      { numRuns: 60 },
    );
  });
});
