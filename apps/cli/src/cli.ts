// The `kvmsim` command table. Each command lives in commands/<name>/; this file
// only maps names to them, prints the list, and leaves exit codes to bin.ts.
import type { Command } from './command.js';
import { checkCommand } from './commands/check/index.js';
import { demoCommand } from './commands/demo/index.js';
import { exportCommand } from './commands/export/index.js';
import { extractCommand } from './commands/extract/index.js';
import { mmuCommand } from './commands/mmu/index.js';
import { scenarioCommand } from './commands/scenario/index.js';
import { policyCommand } from './commands/policy/index.js';
import { EXIT_CODES, UsageError, type ExitCode } from './errors.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

export const COMMANDS: Readonly<Record<string, Command>> = {
  check: checkCommand,
  demo: demoCommand,
  extract: extractCommand,
  scenario: scenarioCommand,
  policy: policyCommand,
  mmu: mmuCommand,
  export: exportCommand,
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return [
    `kvmsim ${VERSION}: what a patch does to the locking and object lifetimes of the KVM arm64 MMU`,
    '',
    'Usage: kvmsim <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `kvmsim <command> --help` for the options of one command.',
    'Exit codes: 0 clean, 1 findings introduced, 2 usage or input error, 3 incomplete (a run cut off or not run).',
    '',
  ].join('\n');
}

/** Runs one invocation of the CLI; `argv` excludes the node and script paths. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return EXIT_CODES.clean;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT_CODES.clean;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    throw new UsageError(`unknown command "${name}"; run \`kvmsim --help\` for the list`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return EXIT_CODES.clean;
  }
  return command.run(rest, io);
}
