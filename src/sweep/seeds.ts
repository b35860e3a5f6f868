/**
 * Seeds of a sweep. Every seed is a hash of the sweep seed and a label (the run index, or the
 * parameter a stream draws for), never of time or of the order in which runs finish, so a run
 * gets the same seed on any worker count, in any shard, and after a resume.
 *
 * hashSeed(parts) = the first 6 bytes of SHA-256("taosim-sweep-v1" NUL part1 NUL part2 ...)
 * read big-endian: a 48-bit integer, exact as a JS number and printed as a decimal integer.
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';

export type SweepSeed = number | string;

/** A stream of uniform doubles in [0, 1). */
export type Uniform = () => number;

const DOMAIN = 'taosim-sweep-v1';

export function hashSeed(...parts: readonly (string | number)[]): number {
  const h = createHash('sha256');
  h.update(DOMAIN);
  for (const p of parts) h.update('\u0000' + String(p));
  return h.digest().readUIntBE(0, 6);
}

/** The seed of run `run` (0-based) of a sweep. */
export function runSeed(sweepSeed: SweepSeed, run: number): number {
  return hashSeed('run', sweepSeed, run);
}

/** A seeded uniform stream for `label` (e.g. 'sample' and a parameter path). */
export function seededUniform(sweepSeed: SweepSeed, ...label: readonly string[]): Uniform {
  const prng = seedrandom(String(hashSeed('stream', sweepSeed, ...label)));
  return () => prng.double();
}
