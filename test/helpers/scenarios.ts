/** Small valid scenario documents shared by the tests. */
export function tinyScenario(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny',
    seed: 5,
    duration: 40,
    start: { issuance: 1000, block: 100 },
    subnets: [
      { netuid: 1, tempo: 9 },
      { netuid: 2, tempo: 12, hyperparameters: { kappa: 40000 } },
    ],
    agents: [
      { kind: 'honest-validator', count: 2, stake: 100 },
      { kind: 'weight-copier', count: 1, stake: 50 },
      { kind: 'cabal-validator', count: 1, stake: 50, cabal: 'c', subnets: [2] },
      { kind: 'miner', count: 3 },
      { kind: 'cabal-miner', count: 1, cabal: 'c', subnets: [2] },
      { kind: 'passive-staker', count: 2, amount: 10 },
    ],
    events: [{ kind: 'recycle', block: 110, amount: 5 }],
    outputs: { every_blocks: 1 },
    ...extra,
  };
}
