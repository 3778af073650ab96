// What a `world` statement (a stage-2 page-table operation, a TLB
// invalidation) does. The race explorer keeps the default: the operation is a
// write of what its first argument points to and returns 0, which is all a
// race needs. The policy runner plugs in a model of the page table that takes
// table pages from the memory cache exactly as the kernel's walker does.
import type { Path } from '@kvmsim/mmu-model';
import type { Value } from '../program/values.js';
import type { Site } from './sim-state.js';

export interface WorldCall {
  /** The action of the world catalogue, e.g. `stage2.split`. */
  readonly action: string;
  readonly args: readonly Value[];
  readonly site: Site;
  /** Pages the memory cache at `cache` holds now (mc->nobjs). */
  available(cache: Path): number;
  /** Takes `count` pages from the cache; they now belong to the page table. */
  take(cache: Path, count: number): void;
}

export interface WorldModel {
  /** Runs the operation; returns the C result (0 or -errno). */
  apply(call: WorldCall): number;
}
