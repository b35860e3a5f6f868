/**
 * A stand-in market for wiring tests only (NOT dTAO): prices rise linearly with the block,
 * epochs every `tempo` blocks, emission = incentive/dividends x 1e9, a configurable recycle per
 * block and a configurable conservation failure. It records every call.
 */
import type { EpochEmission, EpochResult, MarketEvent, MarketPort, SubnetConfig, SubnetReading } from '../../src/sim/index.ts';

export interface FakeMarket extends MarketPort {
  log: string[];
  ops: string[];
}

export function fakeMarket(opts: { recyclePerBlock?: number; failAt?: number } = {}): FakeMarket {
  const tempo = new Map<number, number>();
  const last = new Map<number, number>();
  let block = 0;
  const log: string[] = [];
  const ops: string[] = [];
  return {
    log,
    ops,
    addSubnet(s: SubnetConfig, b: number) {
      tempo.set(s.netuid, s.tempo);
      last.set(s.netuid, b);
      log.push(`add ${s.netuid}`);
    },
    removeSubnet(n) {
      tempo.delete(n);
    },
    registerNeuron(n, uid, hotkey, stake) {
      log.push(`neuron ${n}/${uid} ${hotkey} ${stake}`);
    },
    deregisterNeuron() {},
    applyEvent(e: MarketEvent) {
      log.push(`event ${e.kind}`);
    },
    onBlock(b) {
      block = b;
      return opts.recyclePerBlock ?? 0;
    },
    epochsDue(b, out) {
      let k = 0;
      for (const [n, t] of tempo) {
        if (b - (last.get(n) ?? 0) >= t) {
          out[k++] = n;
          last.set(n, b);
        }
      }
      return k;
    },
    readStake(_n, out) {
      out.fill(1);
    },
    distribute(_n, _b, r: EpochResult, size: number, out: EpochEmission) {
      for (let i = 0; i < size; i++) {
        out.minerAlpha[i] = Math.floor(r.incentive[i] * 1e9);
        out.validatorAlpha[i] = Math.floor(r.dividends[i] * 1e9);
      }
    },
    readSubnet(n, out: SubnetReading) {
      out.price = this.priceTao(n);
      out.taoReserveRao = 10n ** 12n;
    },
    priceTao(n) {
      return 1 + n * 0.01 + block * 0.001;
    },
    checkConservation(b) {
      return b === opts.failAt ? 'TAO went missing' : null;
    },
    heldAlpha() {
      return 0n;
    },
    stake(c, n, x) {
      ops.push(`stake ${c} ${n} ${x}`);
    },
    unstake() {
      throw new Error('INSUFFICIENT_STAKE');
    },
    moveStake(c, f, t, x) {
      ops.push(`move ${c} ${f}->${t} ${x}`);
    },
  };
}
