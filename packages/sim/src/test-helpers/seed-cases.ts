// The seed thread's races as small hand-written IR programs (until the
// scenario library runs the extracted kernel code): the base flush that frees
// nested_mmus and the split cache with only kvm->srcu held, patch 1's version
// under the MMU write lock, its first draft that took the lock twice, the
// flush that takes slots_lock inside kvm->srcu, and the chunk-size change that
// trips the cache capacity WARN. Used by tests, the SPIN cross-check and the
// benchmark.
import type { Stmt } from '@kvmsim/mmu-model';
import type { SimulationInput } from '../kvm/simulation-input.js';
import { e, fn, ir, program, thread } from './ir.js';

const CACHE = 'kvm.arch.mmu.split_page_cache';

const world = {
  fields: {
    'kvm.arch.nested_mmus': { object: 'nested_mmus' },
    'kvm.arch.mmu.pgt': { object: 'pgt' },
  },
  caches: { [CACHE]: { capacity: 4, nobjs: 2 } },
} as const;

/** kvm_free_stage2_pgd + kvm_uninit_stage2_mmu, as one function with a `locked` flag (patch 1). */
function uninit(assertLocked: boolean) {
  return fn(
    'kvm_uninit_stage2_mmu',
    ['kvm', 'locked'],
    [
      ...(assertLocked
        ? [ir.assertHeld('kvm.mmu_lock', 'write', 'lockdep_assert_held_write')]
        : []),
      ir.branch(e.not(e.local('locked')), [ir.lock('kvm.mmu_lock', 'write')]),
      ir.kvfree(e.field('kvm.arch.mmu.pgt')),
      ir.store('kvm.arch.mmu.pgt', e.null()),
      ir.branch(e.not(e.local('locked')), [ir.unlock('kvm.mmu_lock', 'write')]),
      ir.cacheFree(CACHE),
    ],
  );
}

function flushBody(locked: boolean, inner: Stmt[]): Stmt[] {
  const body = [
    ir.kvfree(e.field('kvm.arch.nested_mmus')),
    ir.store('kvm.arch.nested_mmus', e.null()),
    ...inner,
  ];
  return locked ? ir.guard('kvm.mmu_lock', 'write', body) : body;
}

function flushCase(
  name: string,
  locked: boolean,
  callLocked: boolean,
  assertLocked: boolean,
): SimulationInput {
  const flush = fn(
    'kvm_arch_flush_shadow_all',
    ['kvm'],
    [
      ir.srcuLock(),
      ...flushBody(locked, [ir.call('kvm_uninit_stage2_mmu', e.local('kvm'), e.bool(callLocked))]),
      ir.srcuUnlock(),
    ],
  );
  void name;
  return {
    program: program([flush, uninit(assertLocked)]),
    threads: [thread('exit_mm', flush.name), thread('kvm_vm_release', flush.name)],
    world,
  };
}

export const SEED_CASES: Readonly<Record<string, SimulationInput>> = {
  /** 7.1-rc2: two flushes race with only kvm->srcu held. */
  'upstream-flush': flushCase('upstream-flush', false, false, false),
  /** Patch 1: guard(write_lock)(&kvm->mmu_lock) in the flush, callee told it is locked. */
  'patch1-flush': flushCase('patch1-flush', true, true, true),
  /** Patch 1's first draft: the callee takes mmu_lock again. */
  'naive-self-deadlock': flushCase('naive-self-deadlock', true, false, false),
  /** Taking slots_lock for the cache inside kvm->srcu, against a memslot update. */
  'flush-takes-slots-lock': {
    program: program([
      fn(
        'kvm_arch_flush_shadow_all',
        ['kvm'],
        [
          ir.srcuLock(),
          ...ir.guard('kvm.slots_lock', 'exclusive', [ir.cacheFree(CACHE)]),
          ir.srcuUnlock(),
        ],
      ),
      fn(
        'kvm_set_memory_region',
        ['kvm'],
        ir.guard('kvm.slots_lock', 'exclusive', [ir.write('kvm.memslots'), ir.sync()]),
      ),
    ]),
    threads: [
      thread('exit_mm', 'kvm_arch_flush_shadow_all'),
      thread('ioctl', 'kvm_set_memory_region'),
    ],
    world,
  },
  /** KVM_ENABLE_CAP changes the chunk size after the cache was sized for the old one. */
  'chunk-size-change': {
    program: program([
      fn(
        'kvm_mmu_split_huge_pages',
        ['kvm'],
        ir.guard('kvm.slots_lock', 'exclusive', [ir.topup(CACHE, e.param('capacity'), e.num(1))]),
      ),
    ]),
    threads: [thread('clear_dirty_log', 'kvm_mmu_split_huge_pages')],
    world: { caches: { [CACHE]: { capacity: 4, nobjs: 0 } } },
    params: { capacity: 8 },
  },
};
