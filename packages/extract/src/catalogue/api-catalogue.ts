// What the extractor knows about kernel APIs, as data a repository can extend
// (its config merges into this). Each entry says which IR statement a call
// becomes and which argument carries the lock, the cache or the object.
import type { FreeApi, LockKind, LockMode, Stmt } from '@kvmsim/mmu-model';

export type LockApi =
  | {
      readonly kind: 'lock';
      readonly mode: LockMode;
      readonly arg: number;
      readonly suffix?: string;
    }
  | {
      readonly kind: 'unlock';
      readonly mode: LockMode;
      readonly arg: number;
      readonly suffix?: string;
    }
  /** Acquisitions that may fail: trylock does not block, _interruptible/_killable do. */
  | {
      readonly kind: 'lock-may-fail';
      readonly mode: LockMode;
      readonly arg: number;
      readonly successValue: number;
      readonly failureValue: number;
      readonly blocks: boolean;
    };

export interface ApiCatalogue {
  /** Lock and unlock calls; `suffix` appends a member to the argument (KVM_MMU_LOCK(kvm) → kvm->mmu_lock). */
  readonly locks: Readonly<Record<string, LockApi>>;
  /** guard(<class>)(&lock) and scoped_guard(<class>, &lock): the class's lock mode. */
  readonly guardClasses: Readonly<Record<string, LockMode>>;
  readonly srcuReadLock: readonly string[];
  readonly srcuReadUnlock: readonly string[];
  readonly synchronizeSrcu: Readonly<Record<string, { readonly expedited: boolean }>>;
  /** lockdep assertions: the mode they check. */
  readonly asserts: Readonly<Record<string, LockMode | 'any'>>;
  /** WARN_ON and friends: the argument that is the condition, and whether it stops the thread. */
  readonly warns: Readonly<Record<string, { readonly arg: number; readonly fatal: boolean }>>;
  readonly frees: Readonly<Record<string, FreeApi>>;
  /** Allocators: the index of the gfp argument (-1: always may sleep, as kvmalloc). */
  readonly allocs: Readonly<Record<string, { readonly gfpArg: number }>>;
  /** GFP flags that do not sleep. */
  readonly atomicGfp: readonly string[];
  readonly cacheTopup: Readonly<
    Record<string, { readonly capacityArg: number | 'default'; readonly minArg: number }>
  >;
  readonly cacheAlloc: readonly string[];
  readonly cacheFree: readonly string[];
  /** kvm_mmu_memory_cache_nr_free_objects(mc): the cache's page count, a value the model knows. */
  readonly cacheCount: readonly string[];
  readonly mightSleep: readonly string[];
  /** cond_resched_lock and friends: drop the lock, maybe sleep, take it again. */
  readonly condReschedLock: Readonly<Record<string, LockMode>>;
  /** Operations on the stage-2 page-table model. */
  readonly world: Readonly<Record<string, string>>;
  /** Stage-2 operations that take table pages from a memory cache: the cache argument's index. */
  readonly worldCaches: Readonly<Record<string, number>>;
  /** Calls whose value is the object the first argument belongs to. */
  readonly toKvm: readonly string[];
  /** Wrappers whose value is a function: KVM_PGT_FN(fn)(args) calls fn. */
  readonly functionWrappers: readonly string[];
  /**
   * Macros followed by a block that iterate (a loop). Besides these, any
   * name with a `for_each` word (`for_each_possible_cpu`, `kvm_for_each_vcpu`)
   * is one, the kernel's naming rule for iterators.
   */
  readonly loopMacros: readonly string[];
  /**
   * Attribute macros between a declaration's type and its name (`__init`,
   * `__always_inline`): blanked out (same length, so every position stays)
   * before parsing, as the preprocessor would remove them.
   */
  readonly attributeMacros: readonly string[];
  /**
   * `guard(preempt)()`, `scoped_guard(irqsave)`: guard classes that are an
   * atomic section, by the section they enter (`preempt`, `irq`).
   */
  readonly atomicSectionGuards: Readonly<Record<string, string>>;
  /**
   * `guard(rcu)()`, `guard(migrate)()`: sections the IR does not track (an
   * info diagnostic says so).
   */
  readonly untrackedGuardClasses: readonly string[];
  /**
   * Calls that are one IR statement whatever their arguments, given here as
   * the statement without its location: `preempt_disable()` enters a
   * preempt section. A new primitive of that shape is one entry here.
   */
  readonly statements: Readonly<Record<string, StatementTemplate>>;
  /** Calls with no effect other threads can see, and no diagnostic. */
  readonly invisible: readonly string[];
  /** Calls that read their pointer argument's target (READ_ONCE) or write it (WRITE_ONCE, set_bit...). */
  readonly reads: Readonly<Record<string, number>>;
  readonly writes: Readonly<Record<string, number>>;
  /** Pure helpers the model evaluates: names of mmu-model's MODEL_HELPERS. */
  readonly helpers: readonly string[];
  /** Macro constants with their values (errno, memslot flags, memslot changes). */
  readonly constants: Readonly<Record<string, number>>;
  /**
   * Pointer fields whose target the model knows, by canonical path: `vcpu->kvm`
   * is the VM, `vcpu->arch.hw_mmu` the VM's stage-2 MMU (without nesting).
   */
  readonly pointerFields: Readonly<Record<string, string>>;
}

/** A call that is one IR statement, without the statement's location. */
export type StatementTemplate = Stmt extends infer S
  ? S extends Stmt
    ? Omit<S, 'loc'>
    : never
  : never;

/** The pair of calls that enter and leave an atomic section. */
function section(name: string, enter: string, exit: string): Record<string, StatementTemplate> {
  return {
    [enter]: { op: 'atomic', section: name, enter: true, api: enter },
    [exit]: { op: 'atomic', section: name, enter: false, api: exit },
  };
}

const lock = (mode: LockMode, arg = 0, suffix?: string): LockApi => ({
  kind: 'lock',
  mode,
  arg,
  ...(suffix === undefined ? {} : { suffix }),
});
/** `mutex_lock_interruptible`, `_killable`: 0 when taken, -EINTR when a signal came first; blocks. */
const interruptible = (mode: LockMode): LockApi => ({
  kind: 'lock-may-fail',
  mode,
  arg: 0,
  successValue: 0,
  failureValue: -4,
  blocks: true,
});
/** `*_trylock`: 1 when taken, 0 when not; never blocks. */
const trylock = (mode: LockMode): LockApi => ({
  kind: 'lock-may-fail',
  mode,
  arg: 0,
  successValue: 1,
  failureValue: 0,
  blocks: false,
});
const unlock = (mode: LockMode, arg = 0, suffix?: string): LockApi => ({
  kind: 'unlock',
  mode,
  arg,
  ...(suffix === undefined ? {} : { suffix }),
});

export const DEFAULT_API_CATALOGUE: ApiCatalogue = {
  locks: {
    spin_lock: lock('exclusive'),
    spin_lock_irq: lock('exclusive'),
    spin_lock_irqsave: lock('exclusive'),
    spin_lock_bh: lock('exclusive'),
    raw_spin_lock: lock('exclusive'),
    raw_spin_lock_irqsave: lock('exclusive'),
    spin_unlock: unlock('exclusive'),
    spin_unlock_irq: unlock('exclusive'),
    spin_unlock_irqrestore: unlock('exclusive'),
    spin_unlock_bh: unlock('exclusive'),
    raw_spin_unlock: unlock('exclusive'),
    raw_spin_unlock_irqrestore: unlock('exclusive'),
    read_lock: lock('read'),
    read_unlock: unlock('read'),
    write_lock: lock('write'),
    write_unlock: unlock('write'),
    mutex_lock: lock('exclusive'),
    mutex_lock_nested: lock('exclusive'),
    mutex_unlock: unlock('exclusive'),
    mutex_trylock: trylock('exclusive'),
    mutex_lock_nest_lock: lock('exclusive'),
    spin_lock_nested: lock('exclusive'),
    spin_lock_irqsave_nested: lock('exclusive'),
    raw_spin_lock_nested: lock('exclusive'),
    mutex_trylock_nest_lock: trylock('exclusive'),
    spin_trylock: trylock('exclusive'),
    raw_spin_trylock: trylock('exclusive'),
    read_trylock: trylock('read'),
    write_trylock: trylock('write'),
    mutex_lock_interruptible: interruptible('exclusive'),
    mutex_lock_killable: interruptible('exclusive'),
    mutex_lock_killable_nest_lock: interruptible('exclusive'),
    // virt/kvm/kvm_mm.h with KVM_HAVE_MMU_RWLOCK (arm64): the MMU lock is an rwlock taken for write.
    KVM_MMU_LOCK: lock('write', 0, 'mmu_lock'),
    KVM_MMU_UNLOCK: unlock('write', 0, 'mmu_lock'),
  },
  guardClasses: {
    mutex: 'exclusive',
    spinlock: 'exclusive',
    spinlock_irq: 'exclusive',
    spinlock_irqsave: 'exclusive',
    raw_spinlock: 'exclusive',
    raw_spinlock_irqsave: 'exclusive',
    read_lock: 'read',
    write_lock: 'write',
  },
  srcuReadLock: ['srcu_read_lock'],
  srcuReadUnlock: ['srcu_read_unlock'],
  synchronizeSrcu: {
    synchronize_srcu: { expedited: false },
    synchronize_srcu_expedited: { expedited: true },
  },
  asserts: {
    lockdep_assert_held: 'any',
    lockdep_assert_held_write: 'write',
    lockdep_assert_held_read: 'read',
    lockdep_assert_held_once: 'any',
    assert_spin_locked: 'any',
  },
  warns: {
    WARN_ON: { arg: 0, fatal: false },
    WARN_ON_ONCE: { arg: 0, fatal: false },
    WARN: { arg: 0, fatal: false },
    WARN_ONCE: { arg: 0, fatal: false },
    BUG_ON: { arg: 0, fatal: true },
  },
  frees: {
    kfree: 'kfree',
    kvfree: 'kvfree',
    vfree: 'vfree',
    free_page: 'free_page',
    free_pages: 'free_pages',
    free_pages_exact: 'free_pages_exact',
    kmem_cache_free: 'kmem_cache_free',
    put_page: 'put_page',
  },
  allocs: {
    kmalloc: { gfpArg: 1 },
    kzalloc: { gfpArg: 1 },
    kcalloc: { gfpArg: 2 },
    kmalloc_array: { gfpArg: 2 },
    kvmalloc: { gfpArg: -1 },
    kvzalloc: { gfpArg: -1 },
    kvcalloc: { gfpArg: -1 },
    kvmalloc_array: { gfpArg: -1 },
    __get_free_page: { gfpArg: 0 },
    get_zeroed_page: { gfpArg: 0 },
    alloc_pages_exact: { gfpArg: 1 },
  },
  atomicGfp: ['GFP_ATOMIC', 'GFP_NOWAIT'],
  cacheTopup: {
    __kvm_mmu_topup_memory_cache: { capacityArg: 1, minArg: 2 },
    kvm_mmu_topup_memory_cache: { capacityArg: 'default', minArg: 1 },
  },
  cacheAlloc: ['kvm_mmu_memory_cache_alloc'],
  cacheFree: ['kvm_mmu_free_memory_cache'],
  cacheCount: ['kvm_mmu_memory_cache_nr_free_objects'],
  mightSleep: ['might_sleep', 'cond_resched', 'msleep', 'usleep_range', 'schedule'],
  condReschedLock: {
    cond_resched_lock: 'exclusive',
    cond_resched_rwlock_write: 'write',
    cond_resched_rwlock_read: 'read',
  },
  world: {
    kvm_pgtable_stage2_split: 'stage2.split',
    // A split that stops at blocks of a given level (fifth argument): the
    // first pass of a two-pass 1G -> 2M -> 4K split.
    kvm_pgtable_stage2_split_to: 'stage2.split',
    kvm_pgtable_stage2_map: 'stage2.map',
    kvm_pgtable_stage2_destroy: 'stage2.destroy',
    kvm_pgtable_stage2_unmap: 'stage2.unmap',
    kvm_pgtable_stage2_wrprotect: 'stage2.wrprotect',
    kvm_stage2_destroy: 'stage2.destroy',
    kvm_tlb_flush_vmid_range: 'tlbi.vmid',
    kvm_flush_remote_tlbs: 'tlbi.vmid',
    kvm_flush_remote_tlbs_memslot: 'tlbi.vmid',
  },
  worldCaches: {
    // Splitting a block and mapping a page take table pages from the caller's cache.
    kvm_pgtable_stage2_split: 3,
    kvm_pgtable_stage2_split_to: 3,
    kvm_pgtable_stage2_map: 5,
  },
  toKvm: ['kvm_s2_mmu_to_kvm', 'mmu_notifier_to_kvm'],
  functionWrappers: ['KVM_PGT_FN'],
  attributeMacros: [
    '__init',
    '__exit',
    '__initdata',
    '__ro_after_init',
    '__read_mostly',
    '__always_inline',
    '__maybe_unused',
    '__must_check',
    '__cold',
    '__noreturn',
    '__weak',
    'noinline',
    'notrace',
    'asmlinkage',
    '__nocfi',
    '__noinstr',
    'noinstr',
  ],
  atomicSectionGuards: {
    preempt: 'preempt',
    preempt_notrace: 'preempt',
    irq: 'irq',
    irqsave: 'irq',
  },
  untrackedGuardClasses: ['rcu', 'migrate'],
  statements: {
    ...section('preempt', 'preempt_disable', 'preempt_enable'),
    ...section('preempt', 'preempt_disable_notrace', 'preempt_enable_notrace'),
    ...section('irq', 'local_irq_save', 'local_irq_restore'),
    ...section('irq', 'local_irq_disable', 'local_irq_enable'),
    ...section('bh', 'local_bh_disable', 'local_bh_enable'),
  },
  loopMacros: [
    'list_for_each_entry',
    'list_for_each_entry_safe',
    'hash_for_each',
    'xa_for_each',
    'xa_for_each_range',
    'kvm_for_each_vcpu',
    'kvm_for_each_memslot',
    'kvm_for_each_memslot_in_gfn_range',
    'for_each_possible_cpu',
    'for_each_online_cpu',
    'for_each_set_bit',
  ],
  invisible: [
    'pr_debug',
    'pr_info',
    'pr_warn',
    'pr_err',
    'pr_warn_once',
    'kvm_err',
    'kvm_info',
    'kvm_debug',
    'printk',
    'likely',
    'unlikely',
    'sizeof',
    'min',
    'max',
    'min_t',
    'max_t',
    'BIT',
    'BIT_ULL',
    'ALIGN',
    'ALIGN_DOWN',
    'IS_ALIGNED',
    'IS_ENABLED',
    'ilog2',
    'is_power_of_2',
    'ARRAY_SIZE',
    'PAGE_ALIGN',
    'BUILD_BUG_ON',
    'lockdep_is_held',
    'rcu_read_lock',
    'rcu_read_unlock',
    'smp_mb',
    'smp_wmb',
    'smp_rmb',
    'barrier',
    'trace_kvm_set_memory_region',
  ],
  reads: { READ_ONCE: 0, atomic_read: 0, test_bit: 1, refcount_read: 0 },
  writes: {
    WRITE_ONCE: 0,
    atomic_set: 0,
    atomic_inc: 0,
    atomic_dec: 0,
    set_bit: 1,
    clear_bit: 1,
    __set_bit: 1,
    __clear_bit: 1,
    memset: 0,
    refcount_set: 0,
    refcount_inc: 0,
    refcount_dec_and_test: 0,
  },
  helpers: [
    'kvm_mmu_split_nr_page_tables',
    'kvm_is_block_size_supported',
    'kvm_are_all_memslots_empty',
    'id_to_memslot',
    'memslot_is_logging',
    'kvm_granule_size',
    'kvm_dirty_log_manual_protect_and_init_set',
    '__stage2_range_addr_end',
    '__ffs',
    '__fls',
    // Constants of the VM's geometry, read as helpers of no arguments.
    'PAGE_SHIFT',
    'PAGE_SIZE',
  ],
  constants: {
    EPERM: 1,
    ENOENT: 2,
    EINTR: 4,
    EIO: 5,
    ENXIO: 6,
    E2BIG: 7,
    EAGAIN: 11,
    ENOMEM: 12,
    EFAULT: 14,
    EBUSY: 16,
    EEXIST: 17,
    ENODEV: 19,
    EINVAL: 22,
    ENOSPC: 28,
    EOPNOTSUPP: 95,
    // include/uapi/linux/kvm.h and include/linux/kvm_host.h
    KVM_MEM_LOG_DIRTY_PAGES: 1,
    KVM_MEM_READONLY: 2,
    KVM_MEM_GUEST_MEMFD: 4,
    KVM_MR_CREATE: 0,
    KVM_MR_DELETE: 1,
    // include/uapi/linux/kvm.h
    KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE: 228,
    KVM_MR_MOVE: 2,
    KVM_MR_FLAGS_ONLY: 3,
  },
  pointerFields: {
    'vcpu.kvm': 'kvm',
    'vcpu.arch.hw_mmu': 'kvm.arch.mmu',
    'mmu.arch': 'kvm.arch',
  },
};

/** `base` with `extra`'s entries added or replacing (a repository's config). */
export function mergeApiCatalogues(base: ApiCatalogue, extra: Partial<ApiCatalogue>): ApiCatalogue {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = (base as unknown as Record<string, unknown>)[key];
    out[key] = Array.isArray(current)
      ? [...new Set([...(current as unknown[]), ...(value as unknown[])])]
      : { ...(current as object), ...(value as object) };
  }
  return out as unknown as ApiCatalogue;
}

/**
 * The kind of lock an API or guard class takes, read from the kernel's naming
 * (`mutex_lock` takes a struct mutex, `raw_spin_lock_irqsave` a raw spinlock,
 * `write_lock` an rwlock, `guard(spinlock_irq)` a spinlock): the C types
 * guarantee it. Undefined for APIs that say nothing about the kind
 * (`lockdep_assert_held`, `KVM_MMU_LOCK`).
 */
export function impliedLockKind(api: string): LockKind | undefined {
  if (/^raw_spin/.test(api)) return 'raw_spinlock';
  if (/^spin/.test(api) || api === 'cond_resched_lock') return 'spinlock';
  if (/^mutex/.test(api)) return 'mutex';
  if (/^(read|write)_(lock|unlock|trylock)|^cond_resched_rwlock/.test(api)) return 'rwlock';
  return undefined;
}

/** Whether a macro followed by a block iterates: catalogued, or named `for_each`. */
export function isLoopMacro(catalogue: ApiCatalogue, name: string): boolean {
  return catalogue.loopMacros.includes(name) || /(^|_)for_each(_|$)/.test(name);
}

/** `text` with the catalogue's attribute macros replaced by spaces of the same length. */
export function blankAttributeMacros(catalogue: ApiCatalogue, text: string): string {
  if (catalogue.attributeMacros.length === 0) return text;
  const names = catalogue.attributeMacros.map((name) =>
    name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
  const pattern = new RegExp(`\\b(?:${names.join('|')})\\b`, 'g');
  return text.replace(pattern, (match) => ' '.repeat(match.length));
}

/** The callee a GNU case range is rewritten to call (see blankCaseRanges): no C name is `$`. */
export const CASE_RANGE_CALLEE = '$';

/**
 * GNU case ranges (`case A ... B:`), which the grammar does not know, as
 * `case $(A, B):`, a call no kernel code makes, of exactly the same length:
 * positions stay, and the switch lowering reads it as the range from A to B.
 */
export function blankCaseRanges(text: string): string {
  return text.replace(
    /(\bcase[ \t]+)([^:;\n]*?)[ \t]\.\.\.[ \t]([^:;\n]*?)([ \t]*:)/g,
    (_, keyword: string, low: string, high: string, colon: string) =>
      `${keyword}${CASE_RANGE_CALLEE}(${low}, ${high})${colon}`,
  );
}
