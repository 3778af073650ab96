// What a command of the table is.
import type { CliIo } from './io.js';
import type { ExitCode } from './errors.js';

export interface Command {
  /** One line for the command list. */
  readonly summary: string;
  /** Full help text printed by `kvmsim <command> --help`. */
  readonly help: string;
  /** Runs the command; returns the exit code. Throws UsageError on bad input. */
  readonly run: (argv: readonly string[], io: CliIo) => Promise<ExitCode>;
}
