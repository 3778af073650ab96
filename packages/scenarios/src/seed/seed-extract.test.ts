// The seed example extracts as the thread reads it: the IR of upstream and of
// every variant the thread discusses is a reviewed snapshot
// (__snapshots__/<variant>.ir), and each variant differs from upstream
// exactly where its patch does. The example lives here, so this check does
// too; @kvmsim/extract's own tests run on its own fixtures.
import { describe, expect, it } from 'vitest';
import { changedFunctions, extractProgram, formatProgram } from '@kvmsim/extract';
import { seedTree, seedVariants } from './seed-example.js';

const VARIANTS = seedVariants().map((variant) => variant.name);

describe('the seed example, extracted', () => {
  it('upstream: the IR snapshot, the guarded-by rules, nothing worse than info', async () => {
    const { program } = await extractProgram(seedTree('upstream'));
    await expect(formatProgram(program)).toMatchFileSnapshot('./__snapshots__/upstream.ir');
    expect(program.guardRules.map((rule) => `${rule.path} by ${rule.lock}`)).toContain(
      'kvm.arch.mmu.split_page_cache by kvm.slots_lock',
    );
    expect(program.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it.each(VARIANTS)('%s: the IR snapshot and the functions it changes', async (variant) => {
    const base = await extractProgram(seedTree('upstream'));
    const head = await extractProgram(seedTree(variant));
    const changed = changedFunctions(base.program, head.program);
    await expect(
      `${JSON.stringify(changed, null, 2)}\n\n${formatProgram(head.program)}`,
    ).toMatchFileSnapshot(`./__snapshots__/${variant}.ir`);
    expect([...changed.added, ...changed.changed, ...changed.removed].length).toBeGreaterThan(0);
  });

  it('names every variant the thread discusses, and refuses one it does not', () => {
    expect(VARIANTS).toEqual([
      'flush-takes-slots-lock',
      'keep-cache-until-destroy',
      'naive-self-deadlock',
      'patch1-fixup',
      'patch1',
      'patch4-generic',
      'refuse-chunk-change',
    ]);
    expect(() => seedTree('patch9')).toThrow(/no seed variant 'patch9'; known: upstream, /);
  });
});
