/**
 * bench/sim: scenarios/network-year (128 subnets x 256 uids, one year) through the engine with
 * the real dTAO market and Yuma consensus (what `taosim run` wires), or a measured fraction of it
 * (SIM_BENCH_BLOCKS, default 262,800 = 1/10 of the year; SIM_BENCH_BLOCKS=year runs all of it),
 * extrapolated to the year. Prints blocks/s, Yuma epochs/s and the estimated year. Rows go
 * nowhere (the recorder is a no-op), so this is the engine, not CSV writing. Asserts nothing.
 * SIM_BENCH_SPLIT=1 also times the phases (validators' weight rows, the consensus port, the
 * market's per-block step, distribution, stake reads, conservation checks) by wrapping the
 * ports and agents; the wrapping costs a little, so leave it off for the headline figures.
 * SIM_BENCH_THREADS=N runs Yuma on N worker threads, the engine's thread keeping a share of the
 * subnets (default: one per core besides the engine's, as `taosim run` does for this scenario;
 * 0 = all in the engine's thread; SIM_BENCH_ENGINE_EVERY=K: the engine's thread keeps one subnet
 * in every K, 0 none; default 9). Also prints the process's CPU time, so the threads' overhead shows beside
 * the wall time, and the engine thread's own CPU time (Linux), which a loaded machine distorts less.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { checkScenarioFile } from '../src/io/index.ts';
import { createDtaoMarket, createRun, NULL_RECORDER, stepRun, summarize, threadedYumaConsensus, yumaConsensus, type ThreadedConsensus } from '../src/sim/index.ts';

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
const threadsArg = process.env.SIM_BENCH_THREADS ?? String(availableParallelism() >= 2 ? availableParallelism() - 1 : 0);
const threads = Number.parseInt(threadsArg, 10);
if (!/^\d+$/.test(threadsArg) || threads > 64) {
  console.error(`bench/sim: SIM_BENCH_THREADS: '${threadsArg}' is not a thread count in [0, 64]`);
  process.exit(2);
}

const t0 = performance.now();
const market = createDtaoMarket(sc);
const everyArg = process.env.SIM_BENCH_ENGINE_EVERY;
if (everyArg !== undefined && !/^\d+$/.test(everyArg)) {
  console.error(`bench/sim: SIM_BENCH_ENGINE_EVERY: '${everyArg}' is not an integer >= 0`);
  process.exit(2);
}
const threaded: ThreadedConsensus | null =
  threads > 0 ? threadedYumaConsensus(threads, everyArg === undefined ? {} : { engineEvery: Number(everyArg) }) : null;
const state = createRun(sc, NULL_RECORDER, { market, consensus: threaded ?? yumaConsensus() });
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

/**
 * The engine thread's own CPU seconds (Linux: /proc/self/task/<pid>/stat, utime + stime in clock
 * ticks, assumed 100 per second); NaN elsewhere. The main thread's task id is the process id.
 */
function engineThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

const CHUNK = 65_536;
const engineCpu0 = engineThreadCpu();
const cpu0 = process.cpuUsage();
const t1 = performance.now();
let done = 0;
while (!stepRun(state, CHUNK)) {
  done = state.block - sc.startBlock;
  const s = (performance.now() - t1) / 1000;
  process.stderr.write(`  ${done} blocks, ${(done / s).toFixed(0)} blocks/s\r`);
}
const seconds = (performance.now() - t1) / 1000;
const cpu = process.cpuUsage(cpu0);
const engineCpu = engineThreadCpu() - engineCpu0;
const summary = summarize(state);

const bps = blocks / seconds;
console.log(`network-year: ${sc.subnets.length} subnets x 256 uids, ${blocks.toLocaleString('en-US')} blocks (${((blocks / YEAR) * 100).toFixed(1)}% of the year)`);
console.log(`setup (agents, subnets, ledger${threaded ? ', worker threads started' : ''}): ${(tSetup / 1000).toFixed(2)} s`);
console.log(`Yuma: ${threaded ? `${threads} worker thread(s)` : "in the engine's thread"}`);
console.log(
  `run: ${seconds.toFixed(2)} s wall (${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, all threads; engine thread ${engineCpu.toFixed(2)} s CPU), ${bps.toFixed(0)} blocks/s, ${(bps * sc.subnets.length).toFixed(0)} subnet-blocks/s`,
);
if (threaded) {
  const t = threaded.stats;
  console.log(
    `  epochs in the engine thread: ${t.inEngine}; speculative epochs: ${t.hits} used, ${t.misses} recomputed, ${t.unpredicted} unpredicted; engine thread waited ${(t.waitedMs / 1000).toFixed(2)} s; ` +
      `workers busy ${t.workerBusyMs.map((ms) => (ms / 1000).toFixed(2)).join(' / ')} s`,
  );
}
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
