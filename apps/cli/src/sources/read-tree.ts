// Reads the analysis set of a kernel tree on disk (or the built-in example)
// into a SourceSet. Paths stay repository-relative.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { isInAnalysisSet } from '@kvmsim/extract';
import { seedTree } from '@kvmsim/scenarios';
import { UsageError } from '../errors.js';

async function walk(root: string, dir: string, out: Map<string, string>): Promise<void> {
  for (const entry of (await readdir(dir)).sort()) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    const info = await stat(path);
    if (info.isDirectory()) await walk(root, path, out);
    else {
      const name = relative(root, path);
      if (isInAnalysisSet(name)) out.set(name, await readFile(path, 'utf8'));
    }
  }
}

/** The default analysis set under `dir` (a kernel tree's top). */
export async function readTree(cwd: string, dir: string): Promise<Map<string, string>> {
  const root = resolve(cwd, dir);
  try {
    if (!(await stat(root)).isDirectory()) throw new UsageError(`--src ${dir}: not a directory`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `--src ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { cause: error },
    );
  }
  const out = new Map<string, string>();
  for (const top of ['arch', 'virt', 'include']) {
    try {
      await walk(root, join(root, top), out);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  if (out.size === 0)
    throw new UsageError(
      `--src ${dir}: no file of the analysis set (arch/arm64/kvm, virt/kvm, the KVM headers) under it`,
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
