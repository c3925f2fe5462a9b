/** What the CLI prints through; tests pass their own. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export const processIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A failure the user can act on: printed without a stack trace, exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
