// extractProgram across files and revisions, on the extractor's own fixtures:
// which functions a change touches (by body, not by line), and the per-file
// cache by content hash.
import { describe, expect, it } from 'vitest';
import { changedFunctions, extractProgram } from './extract.js';
import { fixtureTree } from './test-helpers/fixture-tree.js';

const EDITED = 'lock-balance/goto-error-path.c';

describe('changedFunctions', () => {
  it('reformatting a function is not a change; editing one statement is', async () => {
    const tree = fixtureTree();
    const reformatted = new Map(
      [...tree].map(([path, text]) => [
        path,
        // A comment after every statement line (code lines start with a tab), tabs to spaces.
        text.replace(/^(\t.*;)$/gm, '$1 /* reviewed */').replace(/\t/g, '    '),
      ]),
    );
    expect(reformatted.get(EDITED)).toContain('kvm->arch.flags = 1; /* reviewed */');
    const source = tree.get(EDITED) ?? '';
    expect(source).toContain('kvm->arch.flags = 1;');
    const edited = new Map(tree).set(
      EDITED,
      source.replace('kvm->arch.flags = 1;', 'kvm->arch.flags = 2;'),
    );
    const base = (await extractProgram(tree)).program;
    expect(changedFunctions(base, (await extractProgram(reformatted)).program)).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
    expect(changedFunctions(base, (await extractProgram(edited)).program)).toEqual({
      added: [],
      removed: [],
      changed: ['set_flag_once'],
    });
  });

  it('a function added or removed is said as such', async () => {
    const tree = fixtureTree();
    const base = (await extractProgram(tree)).program;
    const head = new Map(tree);
    head.delete('calls/recursion.c');
    head.set('calls/new.c', 'void brand_new(struct kvm *kvm)\n{\n\tkvm->arch.flags = 3;\n}\n');
    expect(changedFunctions(base, (await extractProgram(head)).program)).toEqual({
      added: ['brand_new'],
      removed: ['walk_level'],
      changed: [],
    });
  });
});

describe('the cache', () => {
  it('serves an unchanged file from the cache', async () => {
    const tree = fixtureTree();
    await extractProgram(tree);
    const again = await extractProgram(new Map(tree).set(EDITED, `${tree.get(EDITED) ?? ''}\n`));
    expect(again.files.filter((file) => !file.cached).map((file) => file.path)).toEqual([EDITED]);
  });
});
