/**
 * The progress bar (blocks/s and ETA) on stderr, only on a terminal; silent otherwise and
 * under CI=true. Wall-clock time is read here only, never by the engine.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export const SILENT_PROGRESS: Progress = { update() {}, stop() {} };

export function progressEnabled(isTTY: boolean, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return isTTY && env.CI !== 'true' && env.CI !== '1';
}

export interface ProgressOptions {
  /** What `done` and `total` count (default 'blocks'). */
  readonly unit?: string;
  /** What the rate counts, and how many of those one unit holds (default: the unit, 1). */
  readonly rateUnit?: string;
  readonly ratePerUnit?: number;
  /** Count the rate from the first update's `done` (a resumed sweep's finished runs), not 0. */
  readonly rateFromFirst?: boolean;
}

/** A bar `label [bar] pct | done/total unit | rate rateUnit/s | ETA`, on stderr on a terminal. */
export function createProgress(isTTY: boolean, label: string, opts: ProgressOptions = {}): Progress {
  if (!progressEnabled(isTTY)) return SILENT_PROGRESS;
  const unit = opts.unit ?? 'blocks';
  const rateUnit = opts.rateUnit ?? unit;
  const perUnit = opts.ratePerUnit ?? 1;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {speed} ${rateUnit}/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = performance.now();
  let started = false;
  let base = 0;
  return {
    update(done, total) {
      if (!started && opts.rateFromFirst) base = done;
      const secs = (performance.now() - t0) / 1000;
      const rate = secs > 0 ? ((done - base) * perUnit) / secs : 0;
      const speed = rate >= 100 ? Math.round(rate) : rate.toFixed(1);
      if (!started) {
        bar.start(total, done, { speed });
        started = true;
      } else bar.update(done, { speed });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
