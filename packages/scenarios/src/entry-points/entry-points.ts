// The ways a thread enters the KVM arm64 MMU code: each names the function it
// runs (which must be in the ProgramModel), the arguments it gets, and what its
// callers outside the analysis set already hold when they call it.
import type { Expr, LockMode, Path } from '@kvmsim/mmu-model';

/** What one thread's options set in the world: the fields of its argument structs. */
export type EntryOptions = Readonly<Record<string, number | boolean | string>>;

/** What an entry's argument structs may need of the VM: its memslots, by id. */
export interface EntryVm {
  readonly memslots: readonly { readonly base: number; readonly size: number }[];
}

export interface EntryPoint {
  readonly name: string;
  readonly summary: string;
  /** The function the thread runs. */
  readonly function: string;
  /** How a thread gets there, from userspace or the core kernel. */
  readonly reachedFrom: string;
  /** Arguments by parameter position; `$arg` in a path is the thread's own struct root. */
  readonly args: readonly Expr[];
  /** Locks callers outside the analysis set hold around the call. */
  readonly holds?: readonly { readonly lock: Path; readonly mode: LockMode }[];
  /** Options a scenario may give, with their meaning. */
  readonly options?: Readonly<Record<string, string>>;
  /**
   * The world fields of the thread's own structs, from its options and the
   * VM (paths under `$arg`).
   */
  readonly fields?: (
    options: EntryOptions,
    vm: EntryVm,
  ) => Readonly<Record<string, number | boolean | null>>;
}

const kvm: Expr = { kind: 'addressOf', path: 'kvm' };
const vcpu: Expr = { kind: 'addressOf', path: 'vcpu' };
const own: Expr = { kind: 'addressOf', path: '$arg' };
const unknown = (reason: string): Expr => ({ kind: 'unknown', reason });

/** KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE (include/uapi/linux/kvm.h). */
export const KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE = 228;

export const ENTRY_POINTS: Readonly<Record<string, EntryPoint>> = {
  'set-memory-region': {
    name: 'set-memory-region',
    summary:
      'KVM_SET_USER_MEMORY_REGION(2): create, move, delete a memslot, or toggle its dirty logging',
    function: 'kvm_vm_ioctl_set_memory_region',
    reachedFrom: 'ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION2) → kvm_vm_ioctl',
    args: [kvm, own],
    options: {
      delete: 'true to delete the memslot (memory_size 0)',
      dirtyLogging: 'KVM_MEM_LOG_DIRTY_PAGES in the new flags',
    },
    // Memslot 0 as it is (same place, same size: a flags change or a delete),
    // or a new 4 KiB one when the VM has none.
    fields: (options, vm) => {
      const slot = vm.memslots[0];
      return {
        '$arg.slot': 0,
        '$arg.guest_phys_addr': slot?.base ?? 0,
        '$arg.userspace_addr': slot?.base ?? 0,
        '$arg.memory_size': options.delete === true ? 0 : (slot?.size ?? 4096),
        '$arg.flags': options.dirtyLogging === true ? 1 : 0,
      };
    },
  },
  'clear-dirty-log': {
    name: 'clear-dirty-log',
    summary: 'KVM_CLEAR_DIRTY_LOG: write-protect and, with eager splitting, split huge pages',
    function: 'kvm_vm_ioctl_clear_dirty_log',
    reachedFrom: 'ioctl(vm_fd, KVM_CLEAR_DIRTY_LOG) → kvm_vm_ioctl',
    args: [kvm, own],
  },
  'dirty-log-word': {
    name: 'dirty-log-word',
    summary:
      'one 64-page word of a KVM_CLEAR_DIRTY_LOG bitmap: the arch hook write-protects it and, with eager splitting, splits the blocks under it',
    function: 'kvm_arch_mmu_enable_log_dirty_pt_masked',
    reachedFrom:
      'ioctl(vm_fd, KVM_CLEAR_DIRTY_LOG) → kvm_clear_dirty_log_protect, once per non-zero word, under slots_lock and mmu_lock',
    args: [kvm, own, { kind: 'const', value: 0 }, { kind: 'const', value: 1 }],
    holds: [
      { lock: 'kvm.slots_lock', mode: 'exclusive' },
      { lock: 'kvm.mmu_lock', mode: 'write' },
    ],
    fields: () => ({ '$arg.base_gfn': 0, '$arg.flags': 1 }),
  },
  'get-dirty-log': {
    name: 'get-dirty-log',
    summary: 'KVM_GET_DIRTY_LOG',
    function: 'kvm_vm_ioctl_get_dirty_log',
    reachedFrom: 'ioctl(vm_fd, KVM_GET_DIRTY_LOG) → kvm_vm_ioctl',
    args: [kvm, own],
  },
  'enable-cap-eager-split': {
    name: 'enable-cap-eager-split',
    summary: 'KVM_ENABLE_CAP(KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE): set the eager-split chunk size',
    function: 'kvm_vm_ioctl_enable_cap',
    reachedFrom:
      'ioctl(vm_fd, KVM_ENABLE_CAP) → kvm_vm_ioctl_enable_cap_generic → kvm_vm_ioctl_enable_cap',
    args: [kvm, own],
    options: { chunkSize: 'the new chunk size in bytes (a size such as 2M is accepted)' },
    fields: (options) => ({
      '$arg.cap': KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE,
      '$arg.flags': 0,
      '$arg.args[*]': typeof options.chunkSize === 'number' ? options.chunkSize : 0,
    }),
  },
  'mmu-notifier-release': {
    name: 'mmu-notifier-release',
    summary: 'MMU notifier release from exit_mm: the process exits while the VM lives on',
    function: 'kvm_mmu_notifier_release',
    reachedFrom:
      'exit_mm → mmput → exit_mmap → __mmu_notifier_release (inside the notifier SRCU) → ->release',
    args: [unknown('the mmu_notifier'), unknown('the mm')],
  },
  'vm-release': {
    name: 'vm-release',
    summary: 'MMU notifier release from the VM file release: the last reference to the VM goes',
    function: 'kvm_mmu_notifier_release',
    reachedFrom:
      'close(vm_fd) → kvm_vm_release → kvm_put_kvm → kvm_destroy_vm → mmu_notifier_unregister → ->release',
    args: [unknown('the mmu_notifier'), unknown('the mm')],
  },
  'notifier-invalidate-range': {
    name: 'notifier-invalidate-range',
    summary: 'MMU notifier invalidate_range_start: the host unmaps guest memory',
    function: 'kvm_mmu_notifier_invalidate_range_start',
    reachedFrom:
      'munmap/migration/reclaim → mmu_notifier_invalidate_range_start → ->invalidate_range_start',
    args: [unknown('the mmu_notifier'), unknown('the range')],
  },
  'vcpu-fault': {
    name: 'vcpu-fault',
    summary: 'a vCPU stage-2 fault: kvm_handle_guest_abort → user_mem_abort',
    function: 'kvm_handle_guest_abort',
    reachedFrom:
      'KVM_RUN → guest exit (data or instruction abort) → handle_exit → kvm_handle_guest_abort',
    args: [vcpu],
    holds: [{ lock: 'vcpu.mutex', mode: 'exclusive' }],
  },
  'kvm-run': {
    name: 'kvm-run',
    summary: 'KVM_RUN: enter the guest, handle its exits',
    function: 'kvm_arch_vcpu_ioctl_run',
    reachedFrom: 'ioctl(vcpu_fd, KVM_RUN) → kvm_vcpu_ioctl (under vcpu->mutex)',
    args: [vcpu],
    holds: [{ lock: 'vcpu.mutex', mode: 'exclusive' }],
  },
  'vm-create': {
    name: 'vm-create',
    summary: 'VM creation, including its error paths',
    function: 'kvm_arch_init_vm',
    reachedFrom: 'ioctl(/dev/kvm, KVM_CREATE_VM) → kvm_create_vm → kvm_arch_init_vm',
    args: [kvm, { kind: 'const', value: 0 }],
  },
  'vm-destroy': {
    name: 'vm-destroy',
    summary: 'VM destruction',
    function: 'kvm_destroy_vm',
    reachedFrom: 'kvm_put_kvm (last reference) → kvm_destroy_vm',
    args: [kvm],
  },
};

export function entryPoint(name: string): EntryPoint | undefined {
  return ENTRY_POINTS[name];
}
