// Applies a unified diff (git or diff -u) to a source tree held in memory. The
// seed thread's variants are kept as patches against the upstream-shaped
// example, exactly as the thread posted them against the kernel.
import { applyPatch, parsePatch } from 'diff';

export class DiffApplyError extends Error {
  override readonly name = 'DiffApplyError';
  readonly code = 'diff-does-not-apply';
  readonly isInputError = true;
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

function stripPrefix(name: string | undefined): string | undefined {
  if (name === undefined || name === '/dev/null') return undefined;
  return name.replace(/^[ab]\//, '');
}

/** The tree after `patch`; a new file comes from /dev/null, a deleted one goes to it. */
export function applyUnifiedDiff(
  tree: ReadonlyMap<string, string>,
  patch: string,
): Map<string, string> {
  const out = new Map(tree);
  for (const file of parsePatch(patch)) {
    const before = stripPrefix(file.oldFileName);
    const after = stripPrefix(file.newFileName);
    const path = after ?? before;
    if (path === undefined) continue;
    const source = before === undefined ? '' : tree.get(before);
    if (source === undefined)
      throw new DiffApplyError(before ?? path, 'the patch changes a file that is not in the tree');
    const result = applyPatch(source, file);
    if (result === false)
      throw new DiffApplyError(path, 'a hunk does not apply (its context lines differ)');
    if (after === undefined) out.delete(path);
    else {
      if (before !== undefined && before !== after) out.delete(before);
      out.set(after, result);
    }
  }
  return out;
}
