// Reads the analysis set of a kernel tree on disk (or the built-in example)
// into a SourceSet. Paths stay repository-relative. With the config's limits
// (kvmsim check), they are applied as the app applies them
// (planSourceReads): a file over the size limit is not read and goes to the
// pipeline as oversized.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { isInAnalysisSet } from '@kvmsim/extract';
import { planSourceReads, type SourceLimits } from '@kvmsim/analyze';
import { seedTree } from '@kvmsim/scenarios';
import { UsageError } from '../errors.js';
import type { RevisionFiles } from './git-revision.js';

interface FileEntry {
  /** Repository-relative, with `/`. */
  readonly path: string;
  readonly absolute: string;
  readonly bytes: number;
}

async function walk(
  root: string,
  dir: string,
  wanted: (path: string) => boolean,
  out: FileEntry[],
): Promise<void> {
  for (const entry of (await readdir(dir)).sort()) {
    if (entry.startsWith('.') && entry !== '.github') continue;
    const path = join(dir, entry);
    const info = await stat(path);
    if (info.isDirectory()) await walk(root, path, wanted, out);
    else {
      const name = relative(root, path).split(sep).join('/');
      if (info.isFile() && wanted(name)) out.push({ path: name, absolute: path, bytes: info.size });
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
  /** The config's limits; default none (every wanted file is read). */
  readonly limits?: SourceLimits;
}

/**
 * The files `wanted` accepts under `dir` (a kernel tree's top), with
 * repository-relative paths, within `limits` when given: a file over the
 * size limit is left out (and listed), too many files or bytes is a
 * SourceLimitError.
 */
export async function readTreeRevision(
  cwd: string,
  dir: string,
  options: TreeOptions = {},
): Promise<RevisionFiles> {
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
  const entries: FileEntry[] = [];
  for (const top of options.roots ?? ['arch', 'virt', 'include', '.github']) {
    try {
      await walk(root, join(root, top), wanted, entries);
    } catch (error) {
      if (!['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
  if (!entries.some((entry) => isInAnalysisSet(entry.path)) && options.wanted === undefined)
    throw new UsageError(
      `${flag} ${dir}: no file of the analysis set (arch/arm64/kvm, virt/kvm, the KVM headers) under it`,
    );
  const plan =
    options.limits === undefined
      ? { read: entries, oversized: [] }
      : planSourceReads(entries, options.limits, dir);
  const files = new Map<string, string>();
  for (const entry of plan.read) files.set(entry.path, await readFile(entry.absolute, 'utf8'));
  return { files, oversized: plan.oversized };
}

/** The files `wanted` accepts under `dir`, every one of them (no limits). */
export async function readTree(
  cwd: string,
  dir: string,
  options: Omit<TreeOptions, 'limits'> = {},
): Promise<Map<string, string>> {
  return (await readTreeRevision(cwd, dir, options)).files;
}

/** The built-in example's tree: `upstream` or a variant of the seed thread. */
export function exampleTree(variant: string): Map<string, string> {
  try {
    return seedTree(variant);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}
