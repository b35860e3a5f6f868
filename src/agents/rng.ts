/**
 * Random streams. Each agent's stream is seeded by sha256(scenario seed, agent id), so an
 * agent's draws depend on nothing else: adding or removing another agent never changes them.
 * The generator is seedrandom's Alea (fast, 32-bit state, good quality for simulation).
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import type { Distribution } from '../sim/index.ts';

/** A uniform draw in [0, 1). */
export type Rng = () => number;

/** The seed text of a named stream: hex sha256 of "<seed>\0<id>". */
export function streamSeed(seed: number, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
}

export function streamRng(seed: number, id: string): Rng {
  const { c, s0, s1, s2 } = seedrandom.alea(streamSeed(seed, id), { state: true }).state();
  return aleaStep(c, s0, s1, s2);
}

/**
 * seedrandom's Alea generator from its state (seedrandom seeds it: Mash of the seed text), each
 * draw its `next`: t = 2091639 s0 + c 2^-32, s0 <- s1, s1 <- s2, c <- t | 0, s2 <- t - c, the
 * draw s2. The same operations on the same doubles, so the same draws (test/agents/rng.test.ts
 * holds it to seedrandom's bit for bit); the state lives in the closure instead of on an
 * object (a property read and write per field per draw: ~3% of the engine thread in network-year,
 * where every honest validator draws two numbers per weight row).
 */
function aleaStep(c: number, s0: number, s1: number, s2: number): Rng {
  return () => {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    return s2;
  };
}

/** A standard normal draw (Box-Muller; one draw per call, the second value discarded). */
export function normalDraw(rng: Rng): number {
  let u = rng();
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (shape < 1 by the boost u^(1/shape)). */
export function gammaDraw(shape: number, rng: Rng): number {
  if (shape < 1) {
    let u = rng();
    while (u === 0) u = rng();
    return gammaDraw(shape + 1, rng) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalDraw(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One draw from a scenario distribution. */
export function sample(d: Distribution, rng: Rng): number {
  switch (d.dist) {
    case 'constant':
      return d.value;
    case 'uniform':
      return d.min + (d.max - d.min) * rng();
    case 'normal':
      return d.mean + d.sd * normalDraw(rng);
    case 'beta': {
      const x = gammaDraw(d.a, rng);
      const y = gammaDraw(d.b, rng);
      return x / (x + y);
    }
  }
}

/** Size of the shared table of standard normals (a power of two). */
export const NORMAL_TABLE_SIZE = 1 << 16;

/**
 * A table of standard normal draws from the scenario seed's own stream ("#normals"), shared
 * by all validators: a row of noise reads it from a random start with a random odd stride,
 * both drawn from the validator's own stream (two draws per row instead of two per weight,
 * the shared-noise-table device of evolution-strategy implementations). Adding an agent
 * changes neither the table nor any other agent's draws. Stored as float32 (each draw rounded
 * to 24 bits, a relative change below 6e-8): 256 KB instead of 512 KB, so more of it stays in
 * cache between epochs, where its random reads were the largest cost of writing weights.
 */
export function normalTable(seed: number): Float32Array {
  const rng = streamRng(seed, '#normals');
  const t = new Float32Array(NORMAL_TABLE_SIZE);
  for (let i = 0; i < t.length; i++) t[i] = normalDraw(rng);
  return t;
}
