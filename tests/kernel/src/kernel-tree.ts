// The real kernel trees the suite runs on: Debian's linux-source packages,
// unpacked (KVM paths only) by scripts/kernel-trees.sh into a cache outside
// the repository. A test finds its tree through an environment variable;
// without it the test skips and says how to get one, except under CI=true,
// where a missing tree is an error: CI must never pass by skipping.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The kernel series the suite knows, with the variable that names each tree. */
export const SERIES = {
  '6.12': 'KVMSIM_LINUX_6_12',
  '6.1': 'KVMSIM_LINUX_6_1',
} as const;
export type Series = keyof typeof SERIES;

export interface KernelTree {
  readonly series: Series;
  readonly dir: string;
  /** The Debian package and version the script unpacked, e.g. `linux-source-6.12 6.12.118-1~deb12u1`. */
  readonly package: string;
}

const HOW = 'run `eval "$(scripts/kernel-trees.sh)"` from the repository root';

/**
 * The tree of `series`, or the reason there is none. Throws under CI=true
 * when the variable is unset or names no tree, so CI cannot go green by
 * skipping.
 */
export function kernelTree(
  series: Series,
  env: NodeJS.ProcessEnv = process.env,
): KernelTree | { readonly missing: string } {
  const variable = SERIES[series];
  const dir = env[variable];
  const stamp = dir === undefined ? undefined : join(dir, '.kvmsim-tree');
  const missing =
    dir === undefined || dir === ''
      ? `${variable} is not set: ${HOW}`
      : stamp === undefined || !existsSync(stamp)
        ? `${variable}=${dir} is not a tree unpacked by scripts/kernel-trees.sh (no .kvmsim-tree in it): ${HOW}`
        : undefined;
  if (missing !== undefined) {
    if (env.CI === 'true')
      throw new Error(`the real-kernel suite needs Linux ${series}: ${missing}`);
    return { missing };
  }
  return {
    series,
    dir: dir as string,
    package: readFileSync(stamp as string, 'utf8').trim(),
  };
}

/** Every file of `tree` (the KVM paths the script keeps), by path relative to its top. */
export function readTree(tree: KernelTree): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== '.kvmsim-tree')
        files.set(relative(tree.dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(tree.dir);
  return files;
}

/**
 * For `describe.skipIf`: the tree, or undefined after saying once on stderr
 * why the suite skips (locally only; under CI=true `kernelTree` throws).
 */
export function treeOrSkip(series: Series): KernelTree | undefined {
  const tree = kernelTree(series);
  if ('missing' in tree) {
    process.stderr.write(`real-kernel suite, Linux ${series}: skipped, ${tree.missing}\n`);
    return undefined;
  }
  return tree;
}
