/**
 * Samplers for drawn parameters. Each takes the uniform stream it draws from (randomness is
 * passed in) and consumes a fixed number of uniforms per draw, so draw j of a parameter
 * depends only on its stream and j.
 */
import type { Uniform } from './seeds.ts';

export type Scalar = number | string | boolean;

export type Distribution =
  | { readonly dist: 'uniform'; readonly min: number; readonly max: number }
  | { readonly dist: 'loguniform'; readonly min: number; readonly max: number }
  | { readonly dist: 'normal'; readonly mean: number; readonly sd: number }
  | { readonly dist: 'lognormal'; readonly mu: number; readonly sigma: number }
  | { readonly dist: 'choice'; readonly values: readonly Scalar[]; readonly weights?: readonly number[] | undefined }
  | { readonly dist: 'integer'; readonly min: number; readonly max: number };

export const DISTRIBUTION_NAMES = ['uniform', 'loguniform', 'normal', 'lognormal', 'choice', 'integer'] as const;

/** min + (max - min) u: uniform on [min, max). */
export function drawUniform(u: Uniform, min: number, max: number): number {
  return min + (max - min) * u();
}

/** exp(uniform(ln min, ln max)): log-uniform on [min, max), min > 0. */
export function drawLogUniform(u: Uniform, min: number, max: number): number {
  return Math.exp(drawUniform(u, Math.log(min), Math.log(max)));
}

/** Box-Muller with two uniforms per draw (the second normal is not kept): N(mean, sd^2). */
export function drawNormal(u: Uniform, mean: number, sd: number): number {
  const u1 = 1 - u(); // (0, 1]: log is finite
  const u2 = u();
  return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** exp(N(mu, sigma^2)). */
export function drawLogNormal(u: Uniform, mu: number, sigma: number): number {
  return Math.exp(drawNormal(u, mu, sigma));
}

/** An integer in [min, max], each equally likely. */
export function drawInteger(u: Uniform, min: number, max: number): number {
  return min + Math.floor(u() * (max - min + 1));
}

/** One of `values`, with probability proportional to `weights` (equal when not given). */
export function drawChoice(u: Uniform, values: readonly Scalar[], weights?: readonly number[]): Scalar {
  const x = u();
  if (weights === undefined) return values[Math.min(values.length - 1, Math.floor(x * values.length))];
  let total = 0;
  for (const w of weights) total += w;
  let acc = 0;
  const target = x * total;
  for (let i = 0; i < values.length; i++) {
    acc += weights[i];
    if (target < acc) return values[i];
  }
  // Rounding at the top end: the last value with a positive weight.
  for (let i = values.length - 1; i >= 0; i--) if (weights[i] > 0) return values[i];
  return values[values.length - 1];
}

export function draw(u: Uniform, d: Distribution): Scalar {
  switch (d.dist) {
    case 'uniform':
      return drawUniform(u, d.min, d.max);
    case 'loguniform':
      return drawLogUniform(u, d.min, d.max);
    case 'normal':
      return drawNormal(u, d.mean, d.sd);
    case 'lognormal':
      return drawLogNormal(u, d.mu, d.sigma);
    case 'integer':
      return drawInteger(u, d.min, d.max);
    case 'choice':
      return drawChoice(u, d.values, d.weights);
  }
}
