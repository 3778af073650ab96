// Reads the analysis set of a kernel tree on disk (or the built-in example)
// into a SourceSet. Paths stay repository-relative.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { isInAnalysisSet } from '@kvmsim/extract';
import { seedTree } from '@kvmsim/scenarios';
import { UsageError } from '../errors.js';

async function walk(
  root: string,
  dir: string,
  wanted: (path: string) => boolean,
  out: Map<string, string>,
): Promise<void> {
  for (const entry of (await readdir(dir)).sort()) {
    if (entry.startsWith('.') && entry !== '.github') continue;
    const path = join(dir, entry);
    const info = await stat(path);
    if (info.isDirectory()) await walk(root, path, wanted, out);
    else {
      const name = relative(root, path).split(sep).join('/');
      if (info.isFile() && wanted(name)) out.set(name, await readFile(path, 'utf8'));
    }
  }
}

export interface TreeOptions {
  /** The option that named the directory, for messages (`--src`, `--base-dir`). */
  readonly flag?: string;
  /** Which repository-relative paths to read; default the analysis set. */
  readonly wanted?: (path: string) => boolean;
  /** Top-level folders to walk (a kernel tree is large); default arch, virt, include, .github. */
  readonly roots?: readonly string[];
}

/** The files `wanted` accepts under `dir` (a kernel tree's top), with repository-relative paths. */
export async function readTree(
  cwd: string,
  dir: string,
  options: TreeOptions = {},
): Promise<Map<string, string>> {
  const flag = options.flag ?? '--src';
  const wanted = options.wanted ?? ((path: string) => isInAnalysisSet(path));
  const root = resolve(cwd, dir);
  try {
    if (!(await stat(root)).isDirectory()) throw new UsageError(`${flag} ${dir}: not a directory`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `${flag} ${dir}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : ((error as NodeJS.ErrnoException).code ?? (error as Error).message)}`,
      { cause: error },
    );
  }
  const out = new Map<string, string>();
  for (const top of options.roots ?? ['arch', 'virt', 'include', '.github']) {
    try {
      await walk(root, join(root, top), wanted, out);
    } catch (error) {
      if (!['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
  if (![...out.keys()].some((path) => isInAnalysisSet(path)) && options.wanted === undefined)
    throw new UsageError(
      `${flag} ${dir}: no file of the analysis set (arch/arm64/kvm, virt/kvm, the KVM headers) under it`,
    );
  return out;
}

/** The built-in example's tree: `upstream` or a variant of the seed thread. */
export function exampleTree(variant: string): Map<string, string> {
  try {
    return seedTree(variant);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}
