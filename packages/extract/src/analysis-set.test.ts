import { describe, expect, it } from 'vitest';
import { isInAnalysisSet } from './analysis-set.js';

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
