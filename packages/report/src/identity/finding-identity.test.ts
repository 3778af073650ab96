import { describe, expect, it } from 'vitest';
import type { Finding } from '@kvmsim/sim';
import { findingId, identityHash, identityParts } from './finding-identity.js';

const base = {
  kind: 'double-free',
  entries: ['kvm_mmu_notifier_release', 'kvm_vm_ioctl_set_memory_region'],
  functions: ['kvm_arch_flush_shadow_all', 'kvm_uninit_stage2_mmu'],
  path: 'kvm.arch.mmu.split_page_cache',
};

/** An explorer finding with just what identity reads. */
function explored(overrides: Partial<Finding>): Finding {
  return {
    kind: 'double-free',
    rule: 'free-twice',
    key: 'double-free|x',
    message: 'm',
    threads: ['a', 'b'],
    entries: ['$thread:a', '$thread:b'],
    functions: ['kvm_uninit_stage2_mmu'],
    locations: [],
    trace: [],
    steps: [],
    restsOnUnknown: false,
    ...overrides,
  };
}

describe('finding identity', () => {
  it('ignores the order and repetition of entries and functions', () => {
    expect(
      identityHash({
        ...base,
        entries: [...base.entries, base.entries[0] as string].reverse(),
        functions: [...base.functions].reverse(),
      }),
    ).toBe(identityHash(base));
  });

  it('changes with the kind, an entry, a function or the location', () => {
    const ids = new Set([
      identityHash(base),
      identityHash({ ...base, kind: 'use-after-free' }),
      identityHash({ ...base, entries: ['kvm_mmu_notifier_release'] }),
      identityHash({ ...base, functions: [...base.functions, 'kvm_free_stage2_pgd'] }),
      identityHash({ ...base, path: 'kvm.arch.nested_mmus' }),
    ]);
    expect(ids.size).toBe(5);
  });

  it('names the kind in the short id', () => {
    expect(findingId(base)).toMatch(/^double-free-[0-9a-f]{8}$/);
  });
});

describe('identityParts: one root cause, one identity', () => {
  const entries = ['kvm_mmu_notifier_release'];

  it('makes a memory cache one subject: its pages and its array are freed by one call', () => {
    const page = identityParts(
      explored({ subject: 'kvm.arch.mmu.split_page_cache page' }),
      entries,
    );
    const array = identityParts(
      explored({ subject: 'kvm.arch.mmu.split_page_cache.objects' }),
      entries,
    );
    expect(findingId(page)).toBe(findingId(array));
    expect(page.path).toBe('kvm.arch.mmu.split_page_cache');
  });

  it('leaves the functions out of a finding about memory, so moving a free to a helper keeps it', () => {
    const before = identityParts(
      explored({ subject: 'kvm.arch.mmu.split_page_cache page', functions: ['a'] }),
      entries,
    );
    const after = identityParts(
      explored({ subject: 'kvm.arch.mmu.split_page_cache page', functions: ['__a'] }),
      entries,
    );
    expect(findingId(after)).toBe(findingId(before));
  });

  it('keeps apart frees of one object reached from different entry functions', () => {
    const flushes = identityParts(explored({ subject: 'kvm.arch.nested_mmus' }), entries);
    const commit = identityParts(explored({ subject: 'kvm.arch.nested_mmus' }), [
      'kvm_mmu_notifier_release',
      'kvm_vm_ioctl_set_memory_region',
    ]);
    expect(findingId(commit)).not.toBe(findingId(flushes));
  });

  it('keeps the functions of a finding about a statement (an assertion, a WARN)', () => {
    const assertion = (fn: string) =>
      findingId(
        identityParts(
          explored({
            kind: 'missing-lock',
            rule: 'assert-held',
            key: 'missing-lock|assert|kvm.mmu_lock|x',
            subject: 'kvm.mmu_lock',
            functions: [fn],
          }),
          ['kvm_arch_init_vm'],
        ),
      );
    expect(assertion('kvm_uninit_stage2_mmu')).not.toBe(assertion('kvm_uninit_stage2_mmu_locked'));
  });

  it('treats a broken guarded-by rule as about memory: its entries count, not its functions', () => {
    const broken = (fn: string, rule: 'guarded-by' | 'assert-held') =>
      identityParts(
        explored({
          kind: 'missing-lock',
          rule,
          subject: 'kvm.arch.mmu.split_page_cache',
          functions: [fn],
        }),
        ['kvm_arch_init_vm'],
      );
    expect(broken('kvm_uninit_stage2_mmu', 'guarded-by')).toEqual(
      broken('kvm_uninit_stage2_mmu_locked', 'guarded-by'),
    );
    expect(broken('kvm_uninit_stage2_mmu', 'guarded-by').entries).toEqual(['kvm_arch_init_vm']);
    expect(broken('kvm_uninit_stage2_mmu', 'assert-held').functions).toEqual([
      'kvm_uninit_stage2_mmu',
    ]);
  });
});
