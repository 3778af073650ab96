// `kvmsim extract`: the IR and diagnostics of C files, as text or JSON, so a
// kernel developer can see what kvmsim will simulate before trusting a verdict.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { extractProgram, formatProgram, isInAnalysisSet } from '@kvmsim/extract';
import { parseCommandArgs } from '../../args.js';
import type { Command } from '../../command.js';
import { EXIT_CODES, UsageError } from '../../errors.js';
import type { CliIo } from '../../io.js';

const HELP = `kvmsim extract: what kvmsim reads out of C files.

Usage:
  kvmsim extract <file-or-directory>... [--json] [--loop-bound N]

Run it at the top of a kernel tree: paths are kept relative to the current
directory (arch/arm64/kvm/mmu.c). A directory stands for the files of kvmsim's
default analysis set under it (arch/arm64/kvm/**/*.c without hyp/nvhe,
virt/kvm/kvm_main.c and the KVM headers). Prints each function's IR with the
source line of every statement, the guarded-by rules read from comments, and a
diagnostic for everything that could not be modelled. --json prints
{ program, files } instead.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  'loop-bound': { type: 'string' },
} as const;

async function collect(
  root: string,
  path: string,
  out: Map<string, string>,
  explicit: boolean,
): Promise<void> {
  const absolute = resolve(root, path);
  let info;
  try {
    info = await stat(absolute);
  } catch (error) {
    throw new UsageError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { cause: error },
    );
  }
  const relativePath = relative(root, absolute) || '.';
  if (info.isDirectory()) {
    for (const entry of (await readdir(absolute)).sort()) {
      if (entry.startsWith('.')) continue;
      await collect(root, join(relativePath, entry), out, false);
    }
    return;
  }
  if (!explicit && !isInAnalysisSet(relativePath)) return;
  if (explicit && !/\.[ch]$/.test(relativePath))
    throw new UsageError(`${path}: not a C file (expected a .c or .h file, or a directory)`);
  const text = await readFile(absolute, 'utf8');
  if (text.includes('\0')) throw new UsageError(`${path}: not a C file (it holds NUL bytes)`);
  out.set(relativePath, text);
}

export const extractCommand: Command = {
  summary: 'print the IR and diagnostics of C files',
  help: HELP,
  run: async (argv: readonly string[], io: CliIo) => {
    const parsed = parseCommandArgs(argv, OPTIONS);
    if (parsed.positionals.length === 0)
      throw new UsageError('extract needs at least one file or directory');
    const loopBound =
      parsed.values['loop-bound'] === undefined ? undefined : Number(parsed.values['loop-bound']);
    if (loopBound !== undefined && (!Number.isInteger(loopBound) || loopBound < 1))
      throw new UsageError(
        `--loop-bound ${parsed.values['loop-bound']}: expected a positive integer`,
      );
    const sources = new Map<string, string>();
    for (const path of parsed.positionals) await collect(io.cwd, path, sources, true);
    if (sources.size === 0)
      throw new UsageError('no C files of the analysis set under the given paths');
    const result = await extractProgram(sources, loopBound === undefined ? {} : { loopBound });
    io.stdout(
      parsed.values.json === true
        ? `${JSON.stringify(result, null, 2)}\n`
        : formatProgram(result.program),
    );
    return EXIT_CODES.clean;
  },
};
