import { describe, expect, it } from 'vitest';
import {
  KVM_LOCK_CATALOGUE,
  forbiddenInsideSrcu,
  lockKindOf,
  mergeLockCatalogues,
} from './lock-catalogue.js';

describe('KVM lock catalogue', () => {
  it('knows arm64 mmu_lock is an rwlock and the memslot locks are mutexes', () => {
    expect(lockKindOf(KVM_LOCK_CATALOGUE, 'kvm.mmu_lock')).toBe('rwlock');
    expect(lockKindOf(KVM_LOCK_CATALOGUE, 'kvm.slots_lock')).toBe('mutex');
    expect(lockKindOf(KVM_LOCK_CATALOGUE, 'kvm.srcu')).toBe('srcu');
    expect(lockKindOf(KVM_LOCK_CATALOGUE, 'kvm.no_such_lock')).toBeUndefined();
  });

  it('forbids slots_lock inside a kvm->srcu read section, but not slots_arch_lock', () => {
    expect(forbiddenInsideSrcu(KVM_LOCK_CATALOGUE, 'kvm.srcu', 'kvm.slots_lock')).toBeDefined();
    expect(
      forbiddenInsideSrcu(KVM_LOCK_CATALOGUE, 'kvm.srcu', 'kvm.slots_arch_lock'),
    ).toBeUndefined();
  });

  it('orders only locks it describes, without a cycle', () => {
    const known = new Set(KVM_LOCK_CATALOGUE.locks.map((lock) => lock.path));
    for (const edge of KVM_LOCK_CATALOGUE.order) {
      expect(known.has(edge.outer) && known.has(edge.inner)).toBe(true);
    }
    // Depth-first search for a back edge.
    const next = new Map<string, string[]>();
    for (const { outer, inner } of KVM_LOCK_CATALOGUE.order)
      next.set(outer, [...(next.get(outer) ?? []), inner]);
    const state = new Map<string, 'open' | 'done'>();
    const visit = (node: string): boolean => {
      if (state.get(node) === 'open') return true;
      if (state.get(node) === 'done') return false;
      state.set(node, 'open');
      const cyclic = (next.get(node) ?? []).some(visit);
      state.set(node, 'done');
      return cyclic;
    };
    expect([...known].some(visit)).toBe(false);
  });

  it('is plain data that survives JSON', () => {
    expect(JSON.parse(JSON.stringify(KVM_LOCK_CATALOGUE))).toEqual(KVM_LOCK_CATALOGUE);
  });
});

describe('mergeLockCatalogues', () => {
  it('adds a repository lock and lets it redefine a kind', () => {
    const merged = mergeLockCatalogues(KVM_LOCK_CATALOGUE, {
      locks: [
        {
          path: 'kvm.arch.my_lock',
          kind: 'spinlock',
          description: 'vendor lock',
          source: 'vendor tree',
        },
        { path: 'kvm.mmu_lock', kind: 'spinlock', description: 'a spinlock tree', source: 'test' },
      ],
      order: [{ outer: 'kvm.mmu_lock', inner: 'kvm.arch.my_lock', source: 'vendor tree' }],
    });
    expect(lockKindOf(merged, 'kvm.arch.my_lock')).toBe('spinlock');
    expect(lockKindOf(merged, 'kvm.mmu_lock')).toBe('spinlock');
    expect(merged.locks.filter((lock) => lock.path === 'kvm.mmu_lock')).toHaveLength(1);
    expect(merged.order).toHaveLength(KVM_LOCK_CATALOGUE.order.length + 1);
  });
});
