/**
 * A stand-in consensus for wiring tests only (NOT Yuma): consensus = stake-weighted mean of the
 * row-normalized weights of rows set at all; incentive = consensus normalized; dividends =
 * stake share of rows that were set; trust = sum_j min(w_ij, c_j). It records every call.
 */
import type { ConsensusPort, EpochInput, EpochResult } from '../../src/sim/index.ts';

export interface FakeConsensus extends ConsensusPort {
  calls: { netuid: number; block: number; n: number; weights: number[]; lastUpdate: number[]; kappa: number; yuma: string }[];
}

export function fakeConsensus(): FakeConsensus {
  const calls: FakeConsensus['calls'] = [];
  return {
    calls,
    resetSubnet() {},
    runEpoch(input: EpochInput, out: EpochResult) {
      const { n, weights, stake, lastUpdate } = input;
      calls.push({
        netuid: input.netuid,
        block: input.block,
        n,
        weights: Array.from(weights.subarray(0, n * n)),
        lastUpdate: Array.from(lastUpdate.subarray(0, n)),
        kappa: input.hyperparameters.kappa,
        yuma: input.yuma,
      });
      out.consensus.fill(0, 0, n);
      let stakeSet = 0;
      for (let i = 0; i < n; i++) {
        let rs = 0;
        for (let j = 0; j < n; j++) rs += weights[i * n + j];
        if (rs === 0 || lastUpdate[i] < 0) continue;
        stakeSet += stake[i];
        for (let j = 0; j < n; j++) out.consensus[j] += (stake[i] * weights[i * n + j]) / rs;
      }
      let cs = 0;
      for (let j = 0; j < n; j++) {
        out.consensus[j] = stakeSet > 0 ? out.consensus[j] / stakeSet : 0;
        cs += out.consensus[j];
      }
      for (let j = 0; j < n; j++) out.incentive[j] = cs > 0 ? out.consensus[j] / cs : 0;
      for (let i = 0; i < n; i++) {
        let rs = 0;
        for (let j = 0; j < n; j++) rs += weights[i * n + j];
        const set = rs > 0 && lastUpdate[i] >= 0;
        out.dividends[i] = set && stakeSet > 0 ? stake[i] / stakeSet : 0;
        out.validatorPermit[i] = set ? 1 : 0;
        let t = 0;
        if (set) for (let j = 0; j < n; j++) t += Math.min(weights[i * n + j] / rs, out.consensus[j]);
        out.validatorTrust[i] = t;
      }
    },
  };
}
