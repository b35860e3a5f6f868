/**
 * bench/sim: scenarios/network-year (128 subnets x 256 uids, one year) through the engine with
 * the real dTAO market and Yuma consensus (what `taosim run` wires), or a measured fraction of it
 * (SIM_BENCH_BLOCKS, default 262,800 = 1/10 of the year; SIM_BENCH_BLOCKS=year runs all of it),
 * extrapolated to the year. Prints blocks/s, Yuma epochs/s and the estimated year. Rows go
 * nowhere (the recorder is a no-op), so this is the engine, not CSV writing. Asserts nothing.
 * SIM_BENCH_SPLIT=1 also times the phases (validators' weight rows, the consensus port, the
 * market's per-block step, distribution, stake reads, conservation checks) by wrapping the
 * ports and agents; the wrapping costs a little, so leave it off for the headline figures.
 */
import { checkScenarioFile } from '../src/io/index.ts';
import { createDtaoMarket, createRun, NULL_RECORDER, stepRun, summarize, yumaConsensus } from '../src/sim/index.ts';

const YEAR = 2_628_000;
const arg = process.env.SIM_BENCH_BLOCKS ?? '262800';
const blocks = arg === 'year' ? YEAR : Number.parseInt(arg, 10);
if (!Number.isInteger(blocks) || blocks < 1 || blocks > YEAR) {
  console.error(`bench/sim: SIM_BENCH_BLOCKS: '${arg}' is not a block count in [1, ${YEAR}] or 'year'`);
  process.exit(2);
}
const r = checkScenarioFile('scenarios/network-year.yaml', { blocks });
if (!r.ok) throw new Error(JSON.stringify(r.issues));
const sc = r.scenario;

const t0 = performance.now();
const market = createDtaoMarket(sc);
const state = createRun(sc, NULL_RECORDER, { market, consensus: yumaConsensus() });
const tSetup = performance.now() - t0;

const split = process.env.SIM_BENCH_SPLIT === '1';
const phases = new Map<string, number>();
/** Replaces obj[name] by the same function, its time added to phase `phase`. */
function timed<T extends object>(obj: T, name: keyof T & string, phase: string): void {
  const f = obj[name] as unknown as (...a: unknown[]) => unknown;
  phases.set(phase, 0);
  (obj as Record<string, unknown>)[name] = (...a: unknown[]) => {
    const t = performance.now();
    const r = f.apply(obj, a);
    phases.set(phase, (phases.get(phase) as number) + performance.now() - t);
    return r;
  };
}
if (split) {
  for (const s of state.subnets) for (const v of s.validatorAt) if (v) timed(v, 'writeWeights', 'validators write weight rows');
  timed(state.components.consensus!, 'runEpoch', 'consensus port (Yuma kernel + adapter)');
  timed(market, 'distribute', 'market distribute (creditEpoch)');
  timed(market, 'readStake', 'market readStake');
  timed(market, 'onBlock', 'market onBlock (stepBlock)');
  timed(market, 'checkConservation', 'conservation checks');
}

const CHUNK = 65_536;
const t1 = performance.now();
let done = 0;
while (!stepRun(state, CHUNK)) {
  done = state.block - sc.startBlock;
  const s = (performance.now() - t1) / 1000;
  process.stderr.write(`  ${done} blocks, ${(done / s).toFixed(0)} blocks/s\r`);
}
const seconds = (performance.now() - t1) / 1000;
const summary = summarize(state);

const bps = blocks / seconds;
console.log(`network-year: ${sc.subnets.length} subnets x 256 uids, ${blocks.toLocaleString('en-US')} blocks (${((blocks / YEAR) * 100).toFixed(1)}% of the year)`);
console.log(`setup (agents, subnets, ledger): ${(tSetup / 1000).toFixed(2)} s`);
console.log(`run: ${seconds.toFixed(2)} s, ${bps.toFixed(0)} blocks/s, ${(bps * sc.subnets.length).toFixed(0)} subnet-blocks/s`);
console.log(`Yuma epochs run: ${state.epochsRun} (${(state.epochsRun / seconds).toFixed(0)} epochs/s); epochs drained without consensus: ${market.stats.undistributedEpochs}`);
console.log(`estimated year (${YEAR.toLocaleString('en-US')} blocks): ${(YEAR / bps).toFixed(1)} s (target 120 s)`);
console.log(`operations: ${summary.operations.executed} executed; conservation ${summary.conservation.ok ? 'ok' : `FAILED: ${JSON.stringify(summary.conservation.first_failure)}`} (checked every block; full ledger report every 1,024 blocks: ${market.stats.fullChecks})`);
if (split) {
  let inPhases = 0;
  for (const [name, ms] of phases) {
    inPhases += ms;
    console.log(`  ${name}: ${(ms / 1000).toFixed(2)} s (${((ms / 1000 / seconds) * 100).toFixed(1)}%)`);
  }
  console.log(`  everything else (events, stakers, issuance, tallies, wrappers): ${(seconds - inPhases / 1000).toFixed(2)} s`);
}
console.log('note: the machine is shared by several helpers; figures are noisy');
