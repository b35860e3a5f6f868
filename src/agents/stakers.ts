/**
 * Staker behaviours. Each acts at blocks it chooses, through the user's operations only.
 */
import type { Rng } from './rng.ts';
import type { MarketView, Operations, StakerAgent } from './types.ts';

interface Base {
  id: string;
  rng: Rng;
  firstBlock: number;
}

/** Stakes `amountRao` TAO once, spread evenly over its netuids (0 = root), then holds. */
export function passiveStaker(b: Base, amountRao: bigint, netuids: readonly number[] | null, kind = 'passive-staker'): StakerAgent {
  return {
    ...b,
    kind,
    act(view, ops) {
      const targets = netuids ?? view.netuids;
      if (targets.length === 0) return Infinity;
      const each = amountRao / BigInt(targets.length);
      const rest = amountRao - each * BigInt(targets.length);
      targets.forEach((n, i) => ops.stake(b.id, n, i === 0 ? each + rest : each));
      return Infinity;
    },
  };
}

export function rootStaker(b: Base, amountRao: bigint): StakerAgent {
  return passiveStaker(b, amountRao, [0], 'root-staker');
}

/** The netuid with the highest finite yield (ties: the lowest netuid), or -1. */
export function bestYieldNetuid(view: MarketView, netuids: readonly number[]): number {
  let best = -1;
  let bestYield = -Infinity;
  for (const n of netuids) {
    const y = view.yieldPerEpoch(n);
    if (Number.isFinite(y) && y > bestYield) {
      best = n;
      bestYield = y;
    }
  }
  return best;
}

/**
 * Yield chaser: stakes its TAO on the best recent yield, then every `everyBlocks` moves all of
 * it to a subnet whose yield beats the current one by more than `minGain` (relative).
 * A move takes the alpha it holds on the current subnet (as the market reports it), since
 * the TAO it staked bought alpha at the pool's price, not one alpha per TAO.
 */
export function yieldChaser(
  b: Base,
  amountRao: bigint,
  netuids: readonly number[] | null,
  everyBlocks: number,
  minGain: number,
): StakerAgent {
  let current = -1;
  return {
    ...b,
    kind: 'yield-chaser',
    act(view, ops) {
      const targets = netuids ?? view.netuids;
      const best = bestYieldNetuid(view, targets);
      if (best >= 0) {
        if (current < 0) {
          ops.stake(b.id, best, amountRao);
          current = best;
        } else if (best !== current) {
          const cur = view.yieldPerEpoch(current);
          if (!(cur > 0) || view.yieldPerEpoch(best) > cur * (1 + minGain)) {
            const held = view.heldAlpha(b.id, current);
            if (held > 0n) ops.moveStake(b.id, current, best, held);
            current = best;
          }
        }
      }
      return view.block + everyBlocks;
    },
  };
}

/**
 * Momentum trader: every `everyBlocks`, for each netuid, stakes `amountRao` where the price
 * rose by more than `threshold` over `lookbackBlocks` and unstakes its whole position (the
 * alpha it holds there, as the market reports it) where it fell by more than that.
 */
export function momentumTrader(
  b: Base,
  amountRao: bigint,
  netuids: readonly number[] | null,
  everyBlocks: number,
  lookbackBlocks: number,
  threshold: number,
): StakerAgent {
  return {
    ...b,
    kind: 'momentum-trader',
    act(view, ops) {
      for (const n of netuids ?? view.netuids) {
        const now = view.priceTao(n);
        const then = view.priceTaoAgo(n, lookbackBlocks);
        if (!(now > 0) || !(then > 0)) continue;
        const change = now / then - 1;
        if (change > threshold) {
          ops.stake(b.id, n, amountRao);
        } else if (change < -threshold) {
          const held = view.heldAlpha(b.id, n);
          if (held > 0n) ops.unstake(b.id, n, held);
        }
      }
      return view.block + everyBlocks;
    },
  };
}

/** Whale: one large stake (or unstake) on one subnet at one block. */
export function whale(b: Base, amountRao: bigint, netuid: number, action: 'stake' | 'unstake'): StakerAgent {
  return {
    ...b,
    kind: 'whale',
    act(_view, ops) {
      if (action === 'stake') ops.stake(b.id, netuid, amountRao);
      else ops.unstake(b.id, netuid, amountRao);
      return Infinity;
    },
  };
}

export type { MarketView, Operations };
