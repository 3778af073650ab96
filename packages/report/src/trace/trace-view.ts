// The part of a counterexample trace that renderers read. It is a structural
// subset of @kvmsim/sim's TraceStep, so a trace from the explorer (or one read
// back from a report's JSON) renders without conversion.

export interface TraceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface TraceStepView {
  /** Thread name, e.g. `exit_mm`. */
  readonly thread: string;
  /** Function the step ran in. */
  readonly function: string;
  /** Statement kind, e.g. `lock`, `free`. */
  readonly op: string;
  /** What happened, e.g. `write_lock(kvm.mmu_lock)`. */
  readonly text: string;
  readonly loc: TraceLocation;
  /** Locks the thread held after the step. */
  readonly locksHeld: readonly string[];
  /** World values the step touched, after it (the explorer fills them in). */
  readonly values?: readonly { readonly name: string; readonly value: string }[];
}

/** Statement kinds that acquire or release a lock (drawn as notes on the lane). */
export const LOCK_OPS: ReadonlySet<string> = new Set([
  'lock',
  'unlock',
  'srcu_read_lock',
  'srcu_read_unlock',
  'synchronize_srcu',
]);
