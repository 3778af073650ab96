import { describe, expect, it } from 'vitest';
import { extractProgram } from '../extract.js';
import { isInAnalysisSet } from '../analysis-set.js';

describe('guarded-by rules', () => {
  it('reads "Protected by" comments above or beside a field, and __guarded_by annotations', async () => {
    const header = `struct kvm_arch {
	/*
	 * The eager-split cache.
	 *
	 * Protected by kvm->slots_lock.
	 */
	struct kvm_mmu_memory_cache cache;
	unsigned long flags; /* protected by the kvm->arch.config_lock */
	int counter __guarded_by(&kvm->mmu_lock);
	int free_for_all; /* protected by kvm->lock */
	int next_to_it;
};`;
    const { program } = await extractProgram(
      new Map([['arch/arm64/include/asm/kvm_host.h', header]]),
    );
    expect(program.guardRules.map((rule) => [rule.path, rule.lock, rule.loc.line])).toEqual([
      ['kvm.arch.cache', 'kvm.slots_lock', 7],
      ['kvm.arch.flags', 'kvm.arch.config_lock', 8],
      ['kvm.arch.counter', 'kvm.mmu_lock', 9],
      ['kvm.arch.free_for_all', 'kvm.lock', 10],
    ]);
    expect(program.guardRules[0]?.text).toBe(
      'The eager-split cache. Protected by kvm->slots_lock.',
    );
  });

  it('a documented lock the catalogue does not know is a diagnostic', async () => {
    const header = `struct kvm {\n\t/* Protected by kvm->mystery_lock */\n\tint x;\n};`;
    const { program } = await extractProgram(new Map([['include/linux/kvm_host.h', header]]));
    expect(program.guardRules).toEqual([]);
    expect(program.diagnostics.map((d) => d.code)).toEqual(['unknown-guard-lock']);
  });
});

describe('the default analysis set', () => {
  it('holds arch/arm64/kvm C files but not nVHE hyp code, plus the named files', () => {
    expect(isInAnalysisSet('arch/arm64/kvm/mmu.c')).toBe(true);
    expect(isInAnalysisSet('arch/arm64/kvm/vgic/vgic.c')).toBe(true);
    expect(isInAnalysisSet('arch/arm64/kvm/hyp/nvhe/mem_protect.c')).toBe(false);
    expect(isInAnalysisSet('arch/arm64/kvm/hyp/pgtable.c')).toBe(true);
    expect(isInAnalysisSet('virt/kvm/kvm_main.c')).toBe(true);
    expect(isInAnalysisSet('include/linux/kvm_host.h')).toBe(true);
    expect(isInAnalysisSet('arch/x86/kvm/mmu/mmu.c')).toBe(false);
  });
});
