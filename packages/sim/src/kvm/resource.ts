// What a step touches, for partial-order reduction: a lock (or SRCU struct),
// a shared path (paths conflict when one lies within the other), or the heap
// (allocation order and object lifetimes). A leaf module: the operations and
// the footprint computation both use it.
import type { Path } from '@kvmsim/mmu-model';

export interface Resource {
  readonly kind: 'lock' | 'path' | 'heap';
  readonly path: Path;
  readonly write: boolean;
}

/** The heap as a resource: allocating or freeing writes it, going through a pointer reads it. */
export const HEAP_WRITE: Resource = Object.freeze({ kind: 'heap', path: '', write: true });
export const HEAP_READ: Resource = Object.freeze({ kind: 'heap', path: '', write: false });
