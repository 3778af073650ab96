// The pure kernel helpers that branch conditions and topup capacities call,
// evaluated by the model instead of being unknown. Each names the kernel
// function it stands for. An argument the simulator could not evaluate, or a
// context fact the scenario did not give, makes the result undefined
// (unknown), and a branch on it explores both sides.
import type { Stage2Geometry } from '../geometry/stage2-geometry.js';
import { isBlockSizeSupported } from '../geometry/stage2-geometry.js';
import { splitNrPageTables } from '../split-cache/split-cache-capacity.js';

/**
 * A helper's argument or result; integers beyond 2^53 (u64 masks) are
 * bigints; a pointer into the world is its address.
 */
export type HelperValue = number | bigint | boolean | null | { readonly address: string };

/**
 * Where the model keeps memslot `id` (`struct kvm_memory_slot`): the path
 * id_to_memslot() answers with, under which a scenario or a workload stores
 * the slot's fields (`npages`, `flags`, `base_gfn`, `id`).
 */
export function memslotPath(id: number): string {
  return `slot${id}`;
}

/** Facts of the VM a scenario states; absent facts are unknown. */
export interface HelperContext {
  readonly geometry: Stage2Geometry;
  /** kvm_are_all_memslots_empty(kvm). */
  readonly memslotsEmpty?: boolean | undefined;
  /** The ids of the memslots that exist, for id_to_memslot(). */
  readonly memslots?: readonly number[] | undefined;
  /** memslot_is_logging(slot): the memslot has KVM_MEM_LOG_DIRTY_PAGES. */
  readonly dirtyLogging?: boolean | undefined;
  /**
   * kvm_dirty_log_manual_protect_and_init_set(kvm): userspace enabled
   * KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 with KVM_DIRTY_LOG_INITIALLY_SET (QEMU does).
   */
  readonly manualProtect?: boolean | undefined;
}

export interface ModelHelper {
  readonly arity: number;
  /** The kernel function mirrored. */
  readonly source: string;
  evaluate(
    args: readonly (HelperValue | undefined)[],
    context: HelperContext,
  ): HelperValue | undefined;
}

const number = (value: HelperValue | undefined) => (typeof value === 'number' ? value : undefined);

/** An integer argument as a bigint (u64 masks arrive as either). */
const wide = (value: HelperValue | undefined): bigint | undefined =>
  typeof value === 'bigint'
    ? BigInt.asUintN(64, value)
    : typeof value === 'number' && Number.isInteger(value)
      ? BigInt.asUintN(64, BigInt(value))
      : undefined;

/** __ffs / __fls of a non-zero word; undefined for 0, which the kernel leaves undefined too. */
function bitIndex(value: HelperValue | undefined, last: boolean): number | undefined {
  const word = wide(value);
  if (word === undefined || word === 0n) return undefined;
  if (last) return word.toString(2).length - 1;
  let index = 0;
  while (((word >> BigInt(index)) & 1n) === 0n) index += 1;
  return index;
}

export const MODEL_HELPERS: Readonly<Record<string, ModelHelper>> = {
  kvm_mmu_split_nr_page_tables: {
    arity: 1,
    source: 'arch/arm64/kvm/mmu.c',
    evaluate: ([range], { geometry }) => {
      const bytes = number(range);
      return bytes === undefined ? undefined : splitNrPageTables(geometry, bytes);
    },
  },
  kvm_is_block_size_supported: {
    arity: 1,
    source: 'arch/arm64/kvm/mmu.c',
    evaluate: ([size], { geometry }) => {
      const bytes = number(size);
      return bytes === undefined ? undefined : isBlockSizeSupported(geometry, bytes);
    },
  },
  kvm_are_all_memslots_empty: {
    arity: 1,
    source: 'include/linux/kvm_host.h',
    evaluate: (_, context) => context.memslotsEmpty,
  },
  id_to_memslot: {
    arity: 2,
    source: 'include/linux/kvm_host.h',
    // The hash walk, answered from the VM's memslots: the slot, or NULL.
    evaluate: ([, id], { memslots }) => {
      const slot = number(id);
      if (slot === undefined || memslots === undefined) return undefined;
      return memslots.includes(slot) ? { address: memslotPath(slot) } : null;
    },
  },
  memslot_is_logging: {
    arity: 1,
    source: 'arch/arm64/kvm/mmu.c',
    evaluate: (_, context) => context.dirtyLogging,
  },
  __ffs: {
    arity: 1,
    source: 'include/asm-generic/bitops/__ffs.h',
    evaluate: ([word]) => bitIndex(word, false),
  },
  __fls: {
    arity: 1,
    source: 'include/asm-generic/bitops/__fls.h',
    evaluate: ([word]) => bitIndex(word, true),
  },
  __stage2_range_addr_end: {
    arity: 3,
    source: 'arch/arm64/kvm/mmu.c',
    // boundary = ALIGN_DOWN(addr + size, size); (boundary - 1 < end - 1) ? boundary : end
    evaluate: ([addr, end, size]) => {
      const [a, e, s] = [number(addr), number(end), number(size)];
      if (a === undefined || e === undefined || s === undefined || s <= 0) return undefined;
      const boundary = Math.floor((a + s) / s) * s;
      return boundary - 1 < e - 1 ? boundary : e;
    },
  },
  kvm_dirty_log_manual_protect_and_init_set: {
    arity: 1,
    source: 'include/linux/kvm_host.h',
    evaluate: (_, context) => context.manualProtect,
  },
  PAGE_SHIFT: {
    arity: 0,
    source: 'arch/arm64/include/asm/page-def.h',
    evaluate: (_, { geometry }) => geometry.pageShift,
  },
  PAGE_SIZE: {
    arity: 0,
    source: 'arch/arm64/include/asm/page-def.h',
    evaluate: (_, { geometry }) => geometry.pageSize,
  },
  kvm_granule_size: {
    arity: 1,
    source: 'arch/arm64/include/asm/kvm_pgtable.h',
    evaluate: ([level], { geometry }) => {
      const value = number(level);
      return value === undefined ? undefined : 2 ** ((geometry.pageShift - 3) * (4 - value) + 3);
    },
  },
};

/** Evaluates `name(args)`; undefined when the helper is unknown or cannot be evaluated. */
export function evaluateHelper(
  name: string,
  args: readonly (HelperValue | undefined)[],
  context: HelperContext,
): HelperValue | undefined {
  const helper = MODEL_HELPERS[name];
  if (helper === undefined || args.length !== helper.arity) return undefined;
  return helper.evaluate(args, context);
}
