export { NORMAL_TABLE_SIZE, gammaDraw, normalDraw, normalTable, sample, streamRng, streamSeed, type Rng } from './rng.ts';
export type { MarketView, MinerAgent, Operations, StakerAgent, SubnetView, ValidatorAgent } from './types.ts';
export { cabalValidator, honestValidator, lazyValidator, mixedValidator, weightCopier, writeHonestRow, honestRowFloats, upscaleRowToU16, rowMemo, listMiners, type Mix, type RowMemo } from './validators.ts';
export { bestYieldNetuid, momentumTrader, passiveStaker, rootStaker, whale, yieldChaser } from './stakers.ts';
export { appendPopulation, buildJoiningNeurons, buildNeuronsAt, buildPopulation, buildStakers, placeNeurons, type Population, type Role, type SubnetPopulation } from './population.ts';
