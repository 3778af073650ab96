// What one race simulation runs: a program (the IR of one revision), the
// threads that run concurrently (an entry function each, with arguments), the
// world they start in, and the facts the scenario states. The scenarios package
// builds these from its YAML; tests build them directly.
import type { Expr, HelperContext, LockCatalogue, Path, ProgramModel } from '@kvmsim/mmu-model';
import type { ExploreBudget } from '../engine/transition-system.js';

export interface ThreadSpec {
  /** The name traces use, e.g. `exit_mm`. */
  readonly name: string;
  /** A function of the program. */
  readonly entry: string;
  /** Arguments bound to the entry's parameters (constants and `addressOf`). */
  readonly args: readonly Expr[];
}

/** A field's starting value: a constant, an address, or a fresh heap object with a label. */
export type InitialValue =
  number | boolean | null | { readonly address: Path } | { readonly object: string };

export interface InitialCache {
  /** Pages in the cache (mc->nobjs). */
  readonly nobjs: number;
  /** mc->capacity; the array is allocated when it is non-zero. */
  readonly capacity: number;
}

export interface InitialWorld {
  readonly fields?: Readonly<Record<Path, InitialValue>>;
  readonly caches?: Readonly<Record<Path, InitialCache>>;
}

/** How much of the state space to explore and how to cut it down. */
export interface ExploreOptions {
  readonly budget?: ExploreBudget;
  /**
   * `none`: every interleaving. `persistent`: static persistent sets (a thread
   * whose next step touches nothing another live thread may touch runs
   * alone), which keeps every deadlock and every violation. `persistent+sleep`
   * adds sleep sets, which also prune transitions already covered by an
   * equivalent order. Default `persistent+sleep`.
   */
  readonly reduction?: Reduction;
  /** Explore allocations that may fail returning NULL. Default false. */
  readonly allocationFailures?: boolean;
}

export const REDUCTIONS = ['none', 'persistent', 'persistent+sleep'] as const;
export type Reduction = (typeof REDUCTIONS)[number];

export interface SimulationInput {
  readonly program: ProgramModel;
  readonly threads: readonly ThreadSpec[];
  readonly world?: InitialWorld;
  /** Scenario parameters read by `param` expressions. */
  readonly params?: Readonly<Record<string, number | boolean>>;
  /** VM facts for the model's pure helpers; without them helper calls are unknown. */
  readonly helpers?: HelperContext;
  /** Lock catalogue; default the KVM one. */
  readonly locks?: LockCatalogue;
  /** The scenario destroys the VM: anything still allocated at the end is a leak. */
  readonly destroysVm?: boolean;
  readonly options?: ExploreOptions;
}
