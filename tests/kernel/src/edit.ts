// Small edits of a real tree, typed in a test: each replaces one exact piece
// of text that must occur once. When Debian's package moves on and the text
// is gone, the edit says which one, where, and against which tree, instead of
// testing something else.
import type { KernelTree } from './kernel-tree.js';

export interface Edit {
  /** Path relative to the top of the tree. */
  readonly file: string;
  /** Text that must occur exactly once in the file. */
  readonly before: string;
  readonly after: string;
}

/** The version the edits of this suite were typed against. */
export const WRITTEN_FOR: Readonly<Record<KernelTree['series'], string>> = {
  '6.12': 'linux-source-6.12 6.12.118-1~deb12u1',
  '6.1': 'linux-source-6.1 6.1.192-3',
};

export class EditMismatchError extends Error {
  readonly code = 'edit-mismatch';
  constructor(message: string) {
    super(message);
    this.name = 'EditMismatchError';
  }
}

/** `files` with every edit applied; throws EditMismatchError naming the edit, file and tree. */
export function applyEdits(
  files: ReadonlyMap<string, string>,
  edits: readonly Edit[],
  tree: KernelTree,
  label: string,
): Map<string, string> {
  const out = new Map(files);
  for (const [index, edit] of edits.entries()) {
    const text = out.get(edit.file);
    const count = text === undefined ? 0 : text.split(edit.before).length - 1;
    if (text === undefined || count !== 1) {
      const first = edit.before.trim().split('\n')[0] ?? '';
      const what =
        text === undefined
          ? 'the file is not in the tree'
          : count === 0
            ? `the text to replace is not there ("${first}" ...)`
            : `the text to replace occurs ${count} times ("${first}" ...)`;
      throw new EditMismatchError(
        `${label}, edit ${index + 1}: ${edit.file}: ${what}; the tree is ${tree.package}, the edit was written for ${WRITTEN_FOR[tree.series]}`,
      );
    }
    out.set(
      edit.file,
      text.replace(edit.before, () => edit.after),
    );
  }
  return out;
}
