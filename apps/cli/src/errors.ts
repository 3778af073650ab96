// The CLI's errors, mapped to exit codes only in bin.ts.

/** Exit codes of the `kvmsim` command. */
export const EXIT_CODES = {
  /** Analysis ran; nothing introduced. */
  clean: 0,
  /** Analysis ran; the head introduces findings. */
  findings: 1,
  /** Bad arguments or unreadable input. */
  usage: 2,
  /**
   * Analysis ran but not completely (a run cut off by a budget, a scenario
   * not run), and introduced nothing in what it explored: no verdict of
   * success can be given.
   */
  incomplete: 3,
  /** A bug in kvmsim. */
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** A problem with what the user asked for; printed as one line, exit 2. */
export class UsageError extends Error {
  readonly code = 'usage' as const;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** Ends the command with a given exit code after its output was written. */
export class ExitError extends Error {
  readonly code = 'exit' as const;
  constructor(readonly exitCode: ExitCode) {
    super(`exit ${exitCode}`);
    this.name = 'ExitError';
  }
}
