// `kvmsim export promela`: a simulation input (a program's IR, the threads
// that run it and the world they start in) as a Promela model for SPIN, so
// any verdict of kvmsim can be checked by an independent model checker.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseSimulationInput, toPromela } from '@kvmsim/sim';
import { parseCommandArgs } from '../../args.js';
import type { Command } from '../../command.js';
import { EXIT_CODES, UsageError } from '../../errors.js';
import type { CliIo } from '../../io.js';

const HELP = `kvmsim export: the analysis of kvmsim in another tool's language.

Usage:
  kvmsim export promela <simulation.json> [--output model.pml]

<simulation.json> holds { program, threads, world?, params?, vm?, destroysVm? }:
the IR of the code (as \`kvmsim extract\` prints it), the threads to run
concurrently (an entry function each, with arguments), and the world they start
in. The model goes to stdout, or to --output (written whole or not at all).
Check it with:

  spin -a model.pml && cc -O2 -DSAFETY -o pan pan.c
  ./pan -E    # safety: double free, use after free, failed lock assertion, WARN
  ./pan -A    # deadlock: invalid end states
`;

const OPTIONS = { output: { type: 'string', short: 'o' } } as const;

async function exportPromela(argv: readonly string[], io: CliIo) {
  const parsed = parseCommandArgs(argv, OPTIONS);
  const [file, ...extra] = parsed.positionals;
  if (file === undefined)
    throw new UsageError('export promela needs a simulation input file (JSON)');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const model = toPromela(parseSimulationInput(json, file));
  const output = parsed.values.output;
  if (output === undefined) {
    io.stdout(model);
    return EXIT_CODES.clean;
  }
  // Written beside the target and renamed into place: never a half-written model.
  const target = resolve(io.cwd, output);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, model);
  await rename(temporary, target);
  io.stderr(`kvmsim: wrote ${output}\n`);
  return EXIT_CODES.clean;
}

export const exportCommand: Command = {
  summary: 'export a simulation input as Promela for SPIN',
  help: HELP,
  run: async (argv, io) => {
    const [format, ...rest] = argv;
    if (format === 'promela') return exportPromela(rest, io);
    throw new UsageError(
      format === undefined
        ? 'export needs a format: promela'
        : `unknown export format "${format}"; the one format is promela`,
    );
  },
};
