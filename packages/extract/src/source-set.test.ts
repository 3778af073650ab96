import { describe, expect, it } from 'vitest';
import { sourceSetFromRecord } from './source-set.js';

describe('sourceSetFromRecord', () => {
  it('orders paths so that every consumer sees the files in the same order', () => {
    const set = sourceSetFromRecord({ 'virt/kvm/kvm_main.c': 'b', 'arch/arm64/kvm/mmu.c': 'a' });
    expect([...set.keys()]).toEqual(['arch/arm64/kvm/mmu.c', 'virt/kvm/kvm_main.c']);
    expect(set.get('arch/arm64/kvm/mmu.c')).toBe('a');
  });
});
