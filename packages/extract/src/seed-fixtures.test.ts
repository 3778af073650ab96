// Changed functions and the per-file cache, on a kernel-shaped tree.
import { describe, expect, it } from 'vitest';
import { changedFunctions, extractProgram } from './extract.js';
import { seedTree } from './test-helpers/c.js';

describe('the seed fixtures', () => {
  it('reformatting a function is not a change; editing one statement is', async () => {
    const tree = seedTree('upstream');
    const mmu = tree.get('arch/arm64/kvm/mmu.c') ?? '';
    const reformatted = new Map(tree).set(
      'arch/arm64/kvm/mmu.c',
      mmu.replace(/\t/g, '    ').replace('int i;', 'int i; /* index */'),
    );
    const edited = new Map(tree).set(
      'arch/arm64/kvm/mmu.c',
      mmu.replace('kvm->arch.nested_mmus_size = 0;', 'kvm->arch.nested_mmus_size = 1;'),
    );
    const base = (await extractProgram(tree)).program;
    expect(changedFunctions(base, (await extractProgram(reformatted)).program).changed).toEqual([]);
    expect(changedFunctions(base, (await extractProgram(edited)).program).changed).toEqual([
      'kvm_arch_flush_shadow_all',
    ]);
  });

  it('serves an unchanged file from the cache', async () => {
    const tree = seedTree('upstream');
    await extractProgram(tree);
    const again = await extractProgram(
      new Map(tree).set('arch/arm64/kvm/arm.c', `${tree.get('arch/arm64/kvm/arm.c')}\n`),
    );
    expect(again.files.filter((file) => !file.cached).map((file) => file.path)).toEqual([
      'arch/arm64/kvm/arm.c',
    ]);
  });
});
