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

export function createProgress(isTTY: boolean, label: string): Progress {
  if (!progressEnabled(isTTY)) return SILENT_PROGRESS;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} blocks | {speed} blocks/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = performance.now();
  let started = false;
  return {
    update(done, total) {
      const secs = (performance.now() - t0) / 1000;
      const speed = secs > 0 ? Math.round(done / secs) : 0;
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
