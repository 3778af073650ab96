import { describe, expect, it } from 'vitest';
import { LockOrderGraph } from './lock-order-graph.js';

describe('LockOrderGraph', () => {
  it('reports an AB-BA inversion even without a deadlocking interleaving', () => {
    const graph = new LockOrderGraph<string>();
    graph.add('kvm.lock', 'kvm.slots_lock', 'enable_cap');
    graph.add('kvm.slots_lock', 'kvm.lock', 'some_ioctl');
    const cycles = graph.cycles();
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.map((edge) => `${edge.from}->${edge.to}@${edge.witness}`)).toEqual([
      'kvm.lock->kvm.slots_lock@enable_cap',
      'kvm.slots_lock->kvm.lock@some_ioctl',
    ]);
  });

  it('models the seed deadlock: slots_lock inside a kvm->srcu read section vs synchronize_srcu under slots_lock', () => {
    const graph = new LockOrderGraph<string>();
    graph.add('kvm.srcu', 'kvm.slots_lock', 'flush takes slots_lock in the srcu read section');
    graph.add('kvm.slots_lock', 'kvm.srcu', 'kvm_set_memslot: synchronize_srcu under slots_lock');
    expect(graph.cycles()).toHaveLength(1);
  });

  it('stays silent on a consistent order and ignores recursion on one lock', () => {
    const graph = new LockOrderGraph<string>();
    graph.add('kvm.lock', 'vcpu.mutex', 'a');
    graph.add('vcpu.mutex', 'kvm.slots_lock', 'b');
    graph.add('kvm.lock', 'kvm.slots_lock', 'c');
    graph.add(
      'kvm.mmu_lock',
      'kvm.mmu_lock',
      'recursive acquire is a deadlock finding, not an order',
    );
    expect(graph.cycles()).toEqual([]);
  });

  it('finds a three-lock cycle once, keeping the first witness of each edge', () => {
    const graph = new LockOrderGraph<number>();
    graph.add('a', 'b', 1);
    graph.add('b', 'c', 2);
    graph.add('c', 'a', 3);
    graph.add('a', 'b', 99);
    const cycles = graph.cycles();
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.map((edge) => edge.witness)).toEqual([1, 2, 3]);
    expect(graph.size).toBe(3);
  });
});
