// The pure kernel helpers that branch conditions and topup capacities call,
// evaluated by the model instead of being unknown. Each names the kernel
// function it stands for. An argument the simulator could not evaluate, or a
// context fact the scenario did not give, makes the result undefined
// (unknown), and a branch on it explores both sides.
import type { Stage2Geometry } from '../geometry/stage2-geometry.js';
import { isBlockSizeSupported } from '../geometry/stage2-geometry.js';
import { splitNrPageTables } from '../split-cache/split-cache-capacity.js';

export type HelperValue = number | boolean | null;

/** Facts of the VM a scenario states; absent facts are unknown. */
export interface HelperContext {
  readonly geometry: Stage2Geometry;
  /** kvm_are_all_memslots_empty(kvm). */
  readonly memslotsEmpty?: boolean;
  /** memslot_is_logging(slot): the memslot has KVM_MEM_LOG_DIRTY_PAGES. */
  readonly dirtyLogging?: boolean;
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
  memslot_is_logging: {
    arity: 1,
    source: 'arch/arm64/kvm/mmu.c',
    evaluate: (_, context) => context.dirtyLogging,
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
