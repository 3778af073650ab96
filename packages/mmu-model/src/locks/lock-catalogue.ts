// The catalogue of KVM locks on arm64: their canonical paths, kinds, the
// documented acquisition order and the SRCU rule, as data a repository can
// extend. Sources: Documentation/virt/kvm/locking.rst ("Lock ordering"), the
// locking comment at the top of arch/arm64/kvm/vgic/vgic.c, and the lock
// fields of include/linux/kvm_host.h and arch/arm64/include/asm/kvm_host.h.
import type { LockKind, Path } from '../ir/types.js';

export interface LockDescriptor {
  readonly path: Path;
  readonly kind: LockKind;
  readonly description: string;
  /** Where the kind and purpose come from. */
  readonly source: string;
}

/** `outer` is taken outside `inner`: holding inner and taking outer inverts the order. */
export interface LockOrderEdge {
  readonly outer: Path;
  readonly inner: Path;
  readonly source: string;
}

/** Locks that may not be taken inside a read section of `srcu`, because synchronize_srcu(srcu) runs under them. */
export interface SrcuRule {
  readonly srcu: Path;
  readonly forbiddenInside: readonly Path[];
  readonly source: string;
}

export interface LockCatalogue {
  readonly locks: readonly LockDescriptor[];
  readonly order: readonly LockOrderEdge[];
  readonly srcuRules: readonly SrcuRule[];
}

const LOCKING_RST = 'Documentation/virt/kvm/locking.rst, Lock ordering';
const VGIC_C = 'arch/arm64/kvm/vgic/vgic.c, locking order comment';

export const KVM_LOCK_CATALOGUE: LockCatalogue = {
  locks: [
    {
      path: 'kvm.lock',
      kind: 'mutex',
      description: 'VM-wide mutex (struct kvm::lock)',
      source: 'include/linux/kvm_host.h',
    },
    {
      path: 'kvm.slots_lock',
      kind: 'mutex',
      description: 'serialises memslot updates; documented guard of split_page_cache',
      source: 'include/linux/kvm_host.h',
    },
    {
      path: 'kvm.slots_arch_lock',
      kind: 'mutex',
      description: 'protects arch memslot data; released before synchronize_srcu',
      source: 'include/linux/kvm_host.h',
    },
    {
      path: 'kvm.mmu_lock',
      kind: 'rwlock',
      description: 'stage-2 page tables; an rwlock on arm64 (KVM_HAVE_MMU_RWLOCK)',
      source: 'include/linux/kvm_host.h, arch/arm64/include/asm/kvm_host.h',
    },
    {
      path: 'kvm.srcu',
      kind: 'srcu',
      description: 'protects the memslots array; readers on every ioctl and fault',
      source: 'include/linux/kvm_host.h',
    },
    {
      path: 'kvm.irq_lock',
      kind: 'mutex',
      description: 'irq routing',
      source: 'include/linux/kvm_host.h',
    },
    {
      path: 'vcpu.mutex',
      kind: 'mutex',
      description: 'held across vCPU ioctls, KVM_RUN included',
      source: 'include/linux/kvm_host.h',
    },
    {
      path: 'kvm.arch.config_lock',
      kind: 'mutex',
      description: 'arm64 VM configuration',
      source: 'arch/arm64/include/asm/kvm_host.h',
    },
    { path: 'its.cmd_lock', kind: 'mutex', description: 'vGIC ITS command queue', source: VGIC_C },
    { path: 'its.its_lock', kind: 'mutex', description: 'vGIC ITS tables', source: VGIC_C },
    {
      path: 'kvm.arch.vgic.lpi_xa.xa_lock',
      kind: 'spinlock',
      description: 'vGIC LPI xarray',
      source: VGIC_C,
    },
    {
      path: 'vcpu.arch.vgic_cpu.ap_list_lock',
      kind: 'raw_spinlock',
      description: 'vGIC per-vCPU active/pending list, IRQs off',
      source: VGIC_C,
    },
    {
      path: 'irq.irq_lock',
      kind: 'raw_spinlock',
      description: 'one virtual interrupt, IRQs off',
      source: VGIC_C,
    },
  ],
  order: [
    { outer: 'kvm.lock', inner: 'vcpu.mutex', source: LOCKING_RST },
    { outer: 'kvm.lock', inner: 'kvm.slots_lock', source: LOCKING_RST },
    { outer: 'kvm.lock', inner: 'kvm.irq_lock', source: LOCKING_RST },
    { outer: 'vcpu.mutex', inner: 'kvm.slots_lock', source: LOCKING_RST },
    { outer: 'vcpu.mutex', inner: 'kvm.slots_arch_lock', source: LOCKING_RST },
    { outer: 'kvm.slots_lock', inner: 'kvm.irq_lock', source: LOCKING_RST },
    {
      outer: 'kvm.slots_lock',
      inner: 'kvm.slots_arch_lock',
      source: 'virt/kvm/kvm_main.c, kvm_set_memslot',
    },
    {
      outer: 'kvm.slots_lock',
      inner: 'kvm.mmu_lock',
      source: 'virt/kvm/kvm_main.c, kvm_clear_dirty_log_protect',
    },
    { outer: 'kvm.lock', inner: 'kvm.arch.config_lock', source: VGIC_C },
    { outer: 'vcpu.mutex', inner: 'kvm.arch.config_lock', source: VGIC_C },
    { outer: 'kvm.arch.config_lock', inner: 'its.cmd_lock', source: VGIC_C },
    { outer: 'its.cmd_lock', inner: 'its.its_lock', source: VGIC_C },
    { outer: 'its.its_lock', inner: 'kvm.arch.vgic.lpi_xa.xa_lock', source: VGIC_C },
    {
      outer: 'kvm.arch.vgic.lpi_xa.xa_lock',
      inner: 'vcpu.arch.vgic_cpu.ap_list_lock',
      source: VGIC_C,
    },
    { outer: 'vcpu.arch.vgic_cpu.ap_list_lock', inner: 'irq.irq_lock', source: VGIC_C },
  ],
  srcuRules: [
    {
      srcu: 'kvm.srcu',
      forbiddenInside: ['kvm.lock', 'vcpu.mutex', 'kvm.slots_lock'],
      source: `${LOCKING_RST}: synchronize_srcu(&kvm->srcu) is called inside kvm->lock, vcpu->mutex and kvm->slots_lock; slots_arch_lock is released before it and may be taken inside a read section`,
    },
  ],
};

/** The kind of the lock at `path`, or undefined when the catalogue does not know it. */
export function lockKindOf(catalogue: LockCatalogue, path: Path): LockKind | undefined {
  return catalogue.locks.find((lock) => lock.path === path)?.kind;
}

/** `base` extended by `extra`; a lock redefined in `extra` replaces the base entry. */
export function mergeLockCatalogues(
  base: LockCatalogue,
  extra: Partial<LockCatalogue>,
): LockCatalogue {
  const redefined = new Set((extra.locks ?? []).map((lock) => lock.path));
  return {
    locks: [...base.locks.filter((lock) => !redefined.has(lock.path)), ...(extra.locks ?? [])],
    order: [...base.order, ...(extra.order ?? [])],
    srcuRules: [...base.srcuRules, ...(extra.srcuRules ?? [])],
  };
}

/** Whether taking `lock` inside a read section of `srcu` breaks a documented rule. */
export function forbiddenInsideSrcu(
  catalogue: LockCatalogue,
  srcu: Path,
  lock: Path,
): SrcuRule | undefined {
  return catalogue.srcuRules.find(
    (rule) => rule.srcu === srcu && rule.forbiddenInside.includes(lock),
  );
}
