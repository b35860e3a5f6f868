/**
 * Property tests explore new random cases on every local run; CI runs them on one fixed seed
 * (FC_SEED overrides it anywhere) so that a landing is judged on a reproducible run. A failure
 * prints its seed and counterexample either way.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI === 'true' ? '20261126' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
