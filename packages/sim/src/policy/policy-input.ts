// What one policy run executes: the IR of one revision, called again and
// again on one world per VM, along a workload the scenarios package turns into
// ticks. A tick is one thing userspace or the host does (an ioctl, a guest
// fault mapping blocks); it may make many calls into the analysed code, as
// KVM_CLEAR_DIRTY_LOG calls the arch hook once per dirty bitmap word.
import type { LockCatalogue, Path, ProgramModel, Stage2Geometry } from '@kvmsim/mmu-model';
import type { InitialWorld } from '../kvm/simulation-input.js';

/** A value a call is made with: a scalar, a u64 beyond 2^53, or the address of a world object. */
export type PolicyValue = number | bigint | boolean | null | { readonly address: Path };

export interface PolicyCall {
  /** A function of the program: an entry point, or a wrapper holding its callers' locks. */
  readonly entry: string;
  readonly args: readonly PolicyValue[];
  /** Fields stored before the call: the argument structs userspace filled in. */
  readonly fields?: Readonly<Record<Path, PolicyValue>>;
  /** The ioctl that returns this call's result to userspace, e.g. `KVM_ENABLE_CAP`. */
  readonly ioctl?: string;
}

/** Facts of the VM the model's helpers read; they change as the workload goes. */
export interface PolicyFacts {
  memslotsEmpty?: boolean;
  /** The ids of the memslots that exist (id_to_memslot answers from them). */
  memslots?: readonly number[];
  dirtyLogging?: boolean;
  manualProtect?: boolean;
}

export interface PolicyTick {
  /** What happens, e.g. `KVM_CLEAR_DIRTY_LOG round 3`. */
  readonly label: string;
  /** The VM's facts once the tick's calls returned (a memslot now exists, logs dirty pages). */
  readonly facts?: Readonly<PolicyFacts>;
  /** Stage-2 mappings the guest's faults install after the calls, `level` the block level. */
  readonly map?: readonly { readonly ipa: number; readonly size: number; readonly level: number }[];
  /** Ranges unmapped before the calls (a memslot being deleted, a collapse). */
  readonly unmap?: readonly { readonly ipa: number; readonly size: number }[];
  readonly calls: Iterable<PolicyCall>;
}

export interface PolicyVm {
  readonly name: string;
  /** Ticks of the host clock before this VM's first tick (VMs started apart). */
  readonly startTick: number;
  readonly ticks: Iterable<PolicyTick>;
}

export interface PolicyInput {
  readonly program: ProgramModel;
  readonly geometry: Stage2Geometry;
  /** Every VM's world at its start. */
  readonly world: InitialWorld;
  readonly facts: Readonly<PolicyFacts>;
  readonly vms: readonly PolicyVm[];
  /** The memory cache whose pages are measured. */
  readonly cache: Path;
  /** The lock whose drops inside the analysed code are counted. */
  readonly lock: Path;
  readonly locks?: LockCatalogue;
  /** The most iterations any loop may run; default 1,000,000. */
  readonly loopBound?: number;
  /**
   * Reuse the outcome of a call made before on an identical world (default
   * true). The interpreter is deterministic, so this changes no figure; off,
   * every call is interpreted (to check exactly that).
   */
  readonly reuseOutcomes?: boolean;
}
