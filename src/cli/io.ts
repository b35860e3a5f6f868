/** Where a command writes: the real streams in the program, buffers in tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (progress bars show only then). */
  readonly isTTY: boolean;
}

export const processIO: CliIO = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY) && process.env.CI !== 'true',
};

/** A user error: printed as one line `taosim: <message>` with exit code 2. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
