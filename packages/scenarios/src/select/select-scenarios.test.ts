import { describe, expect, it } from 'vitest';
import { changedFunctions, extractProgram } from '@kvmsim/extract';
import { builtinScenarios } from '../library/library.js';
import { runScenario } from '../run/run-scenario.js';
import { seedTree } from '../seed/seed-example.js';
import { aloneScenario, selectScenarios } from './select-scenarios.js';

const picked = (selection: ReturnType<typeof selectScenarios>) =>
  selection
    .filter((choice) => choice.picked)
    .map((choice) => choice.scenario.name)
    .sort();

describe('selectScenarios', () => {
  it('picks what reaches a function changed deep in a call chain, and says through which calls', async () => {
    const head = (await extractProgram(seedTree('patch1'))).program;
    const selection = selectScenarios(builtinScenarios(), [head], ['__kvm_free_stage2_pgd']);
    expect(picked(selection)).toEqual(
      [
        'alone-mmu-notifier-release',
        'alone-vm-create',
        'alone-vm-destroy',
        'alone-vm-release',
        'eager-split-vs-flush',
        'flush-alone',
        'flush-slots-lock-vs-memslot-update',
        'flush-vs-flush',
        'memslot-commit-vs-flush',
      ].sort(),
    );
    const flush = selection.find((choice) => choice.scenario.name === 'flush-vs-flush');
    expect(flush?.reason).toBe(
      'mmu-notifier-release reaches __kvm_free_stage2_pgd: kvm_mmu_notifier_release → kvm_flush_shadow_all → kvm_arch_flush_shadow_all → __kvm_free_stage2_pgd',
    );
    const vcpu = selection.find((choice) => choice.scenario.name === 'vcpu-fault-vs-invalidate');
    expect(vcpu).toMatchObject({
      picked: false,
      reason: 'no thread reaches __kvm_free_stage2_pgd',
    });
  });

  it('finds a function removed by the patch in the base program, and keeps `always` scenarios', async () => {
    const base = (await extractProgram(seedTree('upstream'))).program;
    const head = (await extractProgram(seedTree('refuse-chunk-change'))).program;
    const changed = changedFunctions(base, head);
    expect(changed.changed).toEqual(['kvm_vm_ioctl_enable_cap']);
    const selection = selectScenarios(builtinScenarios(), [base, head], changed.changed);
    expect(picked(selection)).toEqual(['alone-enable-cap-eager-split', 'flush-alone']);
    expect(selection.find((choice) => choice.scenario.name === 'flush-alone')?.reason).toBe(
      'marked always',
    );
  });

  it("runs an entry point alone: patch 1's assertion trips on VM creation's error path, the fixup's does not", async () => {
    const asserts = async (variant: string) => {
      const program = (await extractProgram(seedTree(variant))).program;
      const run = runScenario(aloneScenario('vm-create'), program);
      return (run.result?.findings ?? [])
        .filter(
          (finding) =>
            finding.kind === 'missing-lock' && finding.message.includes('lockdep_assert_held'),
        )
        .map((finding) => finding.message);
    };
    expect(await asserts('patch1')).toEqual([
      'lockdep_assert_held_write(kvm.mmu_lock) fails in kvm_uninit_stage2_mmu: vm-create holds no lock',
    ]);
    expect(await asserts('patch1-fixup')).toEqual([]);
    expect(await asserts('upstream')).toEqual([]);
  });
});
