// The seed thread's functions, upstream and in every variant the thread
// discusses: the IR of each is a reviewed snapshot (src/__snapshots__/), and
// the variants differ from upstream exactly where their C does.
import { describe, expect, it } from 'vitest';
import { changedFunctions, extractProgram } from './extract.js';
import { formatProgram } from './format-ir.js';
import { SEED_VARIANTS, seedTree } from './test-helpers/c.js';

describe('the seed fixtures', () => {
  it('upstream: the IR snapshot, the guarded-by rules, nothing worse than info', async () => {
    const { program } = await extractProgram(seedTree('upstream'));
    await expect(formatProgram(program)).toMatchFileSnapshot('./__snapshots__/seed-upstream.ir');
    expect(program.guardRules.map((rule) => `${rule.path} by ${rule.lock}`)).toContain(
      'kvm.arch.mmu.split_page_cache by kvm.slots_lock',
    );
    expect(program.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it.each(SEED_VARIANTS)('%s: the IR snapshot and the functions it changes', async (variant) => {
    const base = await extractProgram(seedTree('upstream'));
    const head = await extractProgram(seedTree(variant));
    const changed = changedFunctions(base.program, head.program);
    await expect(
      `${JSON.stringify(changed, null, 2)}\n\n${formatProgram(head.program)}`,
    ).toMatchFileSnapshot(`./__snapshots__/seed-${variant}.ir`);
    expect([...changed.added, ...changed.changed, ...changed.removed].length).toBeGreaterThan(0);
  });

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
