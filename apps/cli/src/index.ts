// kvmsim as a library: run the CLI in-process (used by tests and wrappers).
export { COMMANDS, runCli, usage } from './cli.js';
export type { Command } from './command.js';
export { EXIT_CODES, ExitError, UsageError } from './errors.js';
export type { ExitCode } from './errors.js';
export type { CliIo } from './io.js';
