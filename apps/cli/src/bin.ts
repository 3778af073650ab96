#!/usr/bin/env node
// Entry of the `kvmsim` command: the only place where errors become exit codes.
import { runCli } from './cli.js';
import { EXIT_CODES, ExitError, UsageError } from './errors.js';
import { processIo } from './io.js';

const io = processIo();
try {
  process.exitCode = await runCli(process.argv.slice(2), io);
} catch (error) {
  if (error instanceof ExitError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof UsageError || isInputError(error)) {
    io.stderr(`kvmsim: ${(error as Error).message}\n`);
    process.exitCode = EXIT_CODES.usage;
  } else {
    io.stderr(
      `kvmsim: internal error: ${error instanceof Error ? error.message : String(error)}\n` +
        'This is a bug in kvmsim; please report it with the command you ran.\n',
    );
    if (io.env.KVMSIM_DEBUG) io.stderr(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = EXIT_CODES.internal;
  }
}

/** Typed input errors of the packages carry a stable string `code` and `isInputError`. */
function isInputError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { isInputError?: unknown }).isInputError === true
  );
}
