import { describe, expect, it } from 'vitest';
import { findingId, identityHash } from './finding-identity.js';

const base = {
  kind: 'double-free',
  scenario: 'two-flushes',
  entries: ['mmu-notifier-release/exit-mm', 'mmu-notifier-release/vm-release'],
  functions: ['kvm_arch_flush_shadow_all', 'kvm_uninit_stage2_mmu'],
  path: 'kvm.arch.mmu.split_page_cache',
};

describe('finding identity', () => {
  it('ignores the order of entries and functions', () => {
    expect(
      identityHash({
        ...base,
        entries: [...base.entries].reverse(),
        functions: [...base.functions].reverse(),
      }),
    ).toBe(identityHash(base));
  });

  it('changes with the kind, the scenario, a function or the location', () => {
    const ids = new Set([
      identityHash(base),
      identityHash({ ...base, kind: 'use-after-free' }),
      identityHash({ ...base, scenario: 'commit-vs-flush' }),
      identityHash({ ...base, functions: [...base.functions, 'kvm_free_stage2_pgd'] }),
      identityHash({ ...base, path: 'kvm.arch.nested_mmus' }),
    ]);
    expect(ids.size).toBe(5);
  });

  it('names the kind in the short id', () => {
    expect(findingId(base)).toMatch(/^double-free-[0-9a-f]{8}$/);
  });
});
