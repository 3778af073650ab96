import { describe, expect, it } from 'vitest';
import { matchingPaths } from './kvm-paths.js';

describe('matchingPaths', () => {
  it('keeps KVM arm64 files and the KVM headers', () => {
    expect(
      matchingPaths([
        'arch/arm64/kvm/mmu.c',
        'arch/arm64/kvm/hyp/pgtable.c',
        'virt/kvm/kvm_main.c',
        'include/linux/kvm_host.h',
        'arch/arm64/include/asm/kvm_pgtable.h',
      ]),
    ).toHaveLength(5);
  });

  it('ignores the rest of the kernel', () => {
    expect(
      matchingPaths(['arch/x86/kvm/mmu/mmu.c', 'mm/memory.c', 'arch/arm64/include/asm/pgtable.h']),
    ).toEqual([]);
  });

  it('honours configured patterns', () => {
    expect(matchingPaths(['drivers/foo.c', 'mm/memory.c'], ['drivers/**'])).toEqual([
      'drivers/foo.c',
    ]);
  });
});
