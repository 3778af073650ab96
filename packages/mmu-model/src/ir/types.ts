// The IR: the small language thread programs are written in.
//
// A function of the kernel becomes a `FunctionModel` whose body is a list of
// `Stmt`s over the vocabulary below; everything else in the C body is either
// invisible to other threads (and dropped) or an `unknown` value. Every
// statement keeps the source location it came from so that a counterexample
// trace links back to the exact line at the exact revision. The extractor
// (`@kvmsim/extract`) writes this language, the simulator (`@kvmsim/sim`)
// executes it against the world of this package. docs/ir.md is the prose
// reference; `schema/ir.schema.json` the machine-checkable one.
import type { LockDescriptor } from '../locks/lock-catalogue.js';

/** A position in a source file. Lines and columns are 1-based. */
export interface SourceLocation {
  /** Repository-relative path, e.g. `arch/arm64/kvm/mmu.c`. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A canonical path to shared state, rooted at an object a scenario knows:
 * `kvm`, `vcpu`, `mmu`, `slot`. Members are joined with `.`; any array element
 * is `[*]`. Examples: `kvm.mmu_lock`, `kvm.arch.mmu.split_page_cache`,
 * `kvm.arch.nested_mmus[*].pgt`. Paths are compared as strings.
 */
export type Path = string;

/** The kinds of kernel lock the world models. */
export const LOCK_KINDS = ['mutex', 'spinlock', 'raw_spinlock', 'rwlock', 'srcu'] as const;
export type LockKind = (typeof LOCK_KINDS)[number];

/**
 * How a lock is taken. `exclusive` for mutexes and spinlocks, `read` or
 * `write` for rwlocks. SRCU read sections use their own statements.
 */
export const LOCK_MODES = ['exclusive', 'read', 'write'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** The mode an assertion checks: a specific mode, or held in any mode. */
export type AssertMode = LockMode | 'any';

export const BINARY_OPERATORS = [
  '&&',
  '||',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '<<',
  '>>',
] as const;
export type BinaryOperator = (typeof BINARY_OPERATORS)[number];

/**
 * A side-effect-free expression. Evaluating a `field` is a read of shared
 * state (a visible access); everything else is thread-local. An expression the
 * extractor could not model is `unknown`: a branch on it explores both sides.
 */
export type Expr =
  /** A literal. `null` is the NULL pointer. */
  | { readonly kind: 'const'; readonly value: number | boolean | null }
  /** The value currently stored at a shared path (a visible read). */
  | { readonly kind: 'field'; readonly path: Path }
  /** A function parameter or local variable of the running function. */
  | { readonly kind: 'local'; readonly name: string }
  /** A scenario parameter, e.g. `chunkSize`; see the scenario's `params`. */
  | { readonly kind: 'param'; readonly name: string }
  /** The address of a shared object: `&kvm->arch.mmu` is `{ addressOf: 'kvm.arch.mmu' }`. */
  | { readonly kind: 'addressOf'; readonly path: Path }
  /** A value the extractor could not model; `reason` says why. */
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'negate'; readonly operand: Expr }
  | { readonly kind: 'complement'; readonly operand: Expr }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOperator;
      readonly left: Expr;
      readonly right: Expr;
    }
  | {
      readonly kind: 'conditional';
      readonly test: Expr;
      readonly then: Expr;
      readonly else: Expr;
    }
  /**
   * A known pure helper of the model (`kvm_mmu_split_nr_page_tables`,
   * `kvm_is_block_size_supported`, `kvm_are_all_memslots_empty`, ...); the
   * helper catalogue of this package says how each one is evaluated.
   */
  | { readonly kind: 'helper'; readonly name: string; readonly args: readonly Expr[] };

/** Where an assignment stores its value. */
export type AssignTarget =
  | { readonly kind: 'local'; readonly name: string }
  | { readonly kind: 'field'; readonly path: Path };

/** The APIs that end an object's lifetime. */
export const FREE_APIS = [
  'kfree',
  'kvfree',
  'vfree',
  'free_page',
  'free_pages',
  'free_pages_exact',
  'kmem_cache_free',
  'put_page',
] as const;
export type FreeApi = (typeof FREE_APIS)[number];

interface StatementBase {
  /** Where the statement came from. Every statement has one. */
  readonly loc: SourceLocation;
}

/** `mutex_lock`, `spin_lock`, `read_lock`, `write_lock`, `KVM_MMU_LOCK`, ... */
export interface LockStmt extends StatementBase {
  readonly op: 'lock';
  readonly lock: Path;
  readonly mode: LockMode;
  /**
   * Present for acquisitions that may fail (`mutex_trylock`,
   * `mutex_lock_interruptible`, `_killable`): the local that receives the C
   * return value, and what that value is on success. A trylock never blocks.
   */
  readonly mayFail?: {
    readonly result: string;
    readonly successValue: number;
    readonly failureValue: number;
    readonly blocks: boolean;
  };
}

export interface UnlockStmt extends StatementBase {
  readonly op: 'unlock';
  readonly lock: Path;
  readonly mode: LockMode;
}

/** `srcu_read_lock(&kvm->srcu)`: enters a read section; `result` gets the index. */
export interface SrcuReadLockStmt extends StatementBase {
  readonly op: 'srcu_read_lock';
  readonly srcu: Path;
  readonly result?: string;
}

export interface SrcuReadUnlockStmt extends StatementBase {
  readonly op: 'srcu_read_unlock';
  readonly srcu: Path;
}

/** `synchronize_srcu(_expedited)`: waits for every reader that began before it; may sleep. */
export interface SynchronizeSrcuStmt extends StatementBase {
  readonly op: 'synchronize_srcu';
  readonly srcu: Path;
  readonly expedited: boolean;
}

/** A read or write of shared state whose value the model does not track. */
export interface AccessStmt extends StatementBase {
  readonly op: 'access';
  readonly path: Path;
  readonly mode: 'read' | 'write';
}

/** `x = e`. A `field` target is a write access; fields read by `value` are read accesses. */
export interface AssignStmt extends StatementBase {
  readonly op: 'assign';
  readonly target: AssignTarget;
  readonly value: Expr;
}

/** `k*alloc*`, `kv*alloc*`, `__get_free_page*`: a new object stored in `target`. */
export interface AllocStmt extends StatementBase {
  readonly op: 'alloc';
  readonly target: AssignTarget;
  /** A label for the object in traces, e.g. `nested_mmus`. */
  readonly object: string;
  /** The allocating API, e.g. `kvcalloc`. */
  readonly api: string;
  /** Whether the allocation may sleep (GFP_KERNEL and friends, kvmalloc). */
  readonly mightSleep: boolean;
  /** Whether the model considers the allocation fallible (returns NULL on failure). */
  readonly mayFail: boolean;
}

/** `kfree(p)`, `kvfree(p)`, ...: ends the lifetime of the object `object` evaluates to. NULL is a no-op. */
export interface FreeStmt extends StatementBase {
  readonly op: 'free';
  readonly object: Expr;
  readonly api: FreeApi;
}

/** `__kvm_mmu_topup_memory_cache(cache, capacity, min)` and `kvm_mmu_topup_memory_cache(cache, min)`. */
export interface CacheTopupStmt extends StatementBase {
  readonly op: 'cache_topup';
  readonly cache: Path;
  /** Requested capacity; `kvm_mmu_topup_memory_cache` passes KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE. */
  readonly capacity: Expr;
  readonly min: Expr;
  /** Local that receives 0 or -errno. */
  readonly result?: string;
}

/** `kvm_mmu_memory_cache_alloc(cache)`: takes one object out of the cache. */
export interface CacheAllocStmt extends StatementBase {
  readonly op: 'cache_alloc';
  readonly cache: Path;
  readonly result?: string;
}

/** `kvm_mmu_free_memory_cache(cache)`: frees every object and the array; capacity becomes 0. */
export interface CacheFreeStmt extends StatementBase {
  readonly op: 'cache_free';
  readonly cache: Path;
}

/** `lockdep_assert_held*`, `assert_spin_locked`: the running thread must hold `lock` in `mode`. */
export interface AssertHeldStmt extends StatementBase {
  readonly op: 'assert_held';
  readonly lock: Path;
  readonly mode: AssertMode;
  /** The API as written, e.g. `lockdep_assert_held_write`. */
  readonly api: string;
}

/** `WARN_ON(cond)`, `WARN_ON_ONCE`, `BUG_ON`: fires when `cond` is true; `result` gets the condition's value. */
export interface WarnStmt extends StatementBase {
  readonly op: 'warn';
  readonly cond: Expr;
  readonly api: string;
  /** BUG_ON: the thread stops when it fires. */
  readonly fatal: boolean;
  readonly result?: string;
}

/** Anything that may sleep: `might_sleep()`, `cond_resched()`, a GFP_KERNEL allocation, ... */
export interface MightSleepStmt extends StatementBase {
  readonly op: 'might_sleep';
  readonly reason: string;
}

/**
 * `preempt_disable()`/`preempt_enable()`, `local_irq_save()`/`local_irq_restore()`
 * and their kin: the running thread enters (`enter`) or leaves an atomic
 * section of kind `section` (`preempt`, `irq`). Sections nest; sleeping
 * inside one is sleeping in atomic context.
 */
export interface AtomicStmt extends StatementBase {
  readonly op: 'atomic';
  readonly section: string;
  readonly enter: boolean;
  /** The API as written, e.g. `local_irq_save`. */
  readonly api: string;
}

/**
 * A call. When `callee` is a function of the program it runs with `args`
 * bound to its parameters (so a constant argument decides the callee's
 * branches); otherwise the call is opaque and had a diagnostic at extraction.
 */
export interface CallStmt extends StatementBase {
  readonly op: 'call';
  readonly callee: string;
  readonly args: readonly Expr[];
  readonly result?: string;
}

/** `if (cond) then else`; `cond` unknown means both sides are explored. */
export interface BranchStmt extends StatementBase {
  readonly op: 'branch';
  readonly cond: Expr;
  readonly then: readonly Stmt[];
  readonly else: readonly Stmt[];
}

/**
 * A loop, run while `cond` holds (tested before each iteration; absent means
 * true) and at most `bound` times; the simulator reports when the bound cut it.
 * `update` runs after each iteration (the third clause of a C `for`).
 */
export interface LoopStmt extends StatementBase {
  readonly op: 'loop';
  readonly cond?: Expr;
  readonly bound: number;
  readonly body: readonly Stmt[];
  readonly update?: readonly Stmt[];
}

export interface BreakStmt extends StatementBase {
  readonly op: 'break';
}

export interface ContinueStmt extends StatementBase {
  readonly op: 'continue';
}

export interface ReturnStmt extends StatementBase {
  readonly op: 'return';
  readonly value?: Expr;
}

/** A `goto` target. Labels are unique within a function. */
export interface LabelStmt extends StatementBase {
  readonly op: 'label';
  readonly name: string;
}

/** `goto name`: jumps to the label of the same function. */
export interface GotoStmt extends StatementBase {
  readonly op: 'goto';
  readonly label: string;
}

/**
 * A scope with cleanups, from `guard(...)(&l)` (to the end of the enclosing
 * block) and `scoped_guard(...) { }`: `cleanup` runs on every exit of `body`,
 * including `return`, `break` and `goto` out of it.
 */
export interface ScopeStmt extends StatementBase {
  readonly op: 'scope';
  readonly body: readonly Stmt[];
  readonly cleanup: readonly Stmt[];
}

/**
 * An operation on the MMU model's stage-2 state, named by the model's world
 * catalogue: `stage2.split` (kvm_pgtable_stage2_split), `stage2.unmap`,
 * `stage2.destroy`, `stage2.wrprotect`, `tlbi.vmid`. `result` gets 0 or -errno.
 */
export interface WorldStmt extends StatementBase {
  readonly op: 'world';
  readonly action: string;
  readonly args: readonly Expr[];
  readonly result?: string;
}

export type Stmt =
  | LockStmt
  | UnlockStmt
  | SrcuReadLockStmt
  | SrcuReadUnlockStmt
  | SynchronizeSrcuStmt
  | AccessStmt
  | AssignStmt
  | AllocStmt
  | FreeStmt
  | CacheTopupStmt
  | CacheAllocStmt
  | CacheFreeStmt
  | AssertHeldStmt
  | WarnStmt
  | MightSleepStmt
  | AtomicStmt
  | CallStmt
  | BranchStmt
  | LoopStmt
  | BreakStmt
  | ContinueStmt
  | ReturnStmt
  | LabelStmt
  | GotoStmt
  | ScopeStmt
  | WorldStmt;

export type StmtOp = Stmt['op'];

/** One function of the kernel, abstracted. */
export interface FunctionModel {
  readonly name: string;
  readonly params: readonly string[];
  /** Location of the function's name in its definition. */
  readonly loc: SourceLocation;
  /** Last line of the definition (inclusive). */
  readonly endLine: number;
  readonly isStatic: boolean;
  readonly body: readonly Stmt[];
  /**
   * Hash of the function's normalised C body (whitespace and comments
   * dropped): two revisions of a function with the same hash are unchanged.
   */
  readonly bodyHash: string;
}

/**
 * A rule that a shared path may only be accessed with a lock held, from a
 * `Protected by ...` comment or a `__guarded_by()` annotation on a field.
 */
export interface GuardRule {
  /** The guarded path (prefix match: guarding a struct guards its members). */
  readonly path: Path;
  readonly lock: Path;
  /** `write` for rules that need the write side of an rwlock; `any` otherwise. */
  readonly mode: AssertMode;
  /** Where the rule was written. */
  readonly loc: SourceLocation;
  /** The comment or annotation text it was read from. */
  readonly text: string;
}

export const DIAGNOSTIC_SEVERITIES = ['error', 'warning', 'info'] as const;
export type DiagnosticSeverity = (typeof DIAGNOSTIC_SEVERITIES)[number];

/** Something the extractor could not model, said precisely instead of guessed. */
export interface Diagnostic {
  /** Stable machine code, e.g. `unknown-lock-macro`, `unresolved-function-pointer`. */
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly loc: SourceLocation;
  /** The function it concerns, if any. */
  readonly function?: string;
}

/** The IR of one revision of the analysis set. */
export interface ProgramModel {
  /** Version of this IR format; bumped on incompatible change. */
  readonly irVersion: typeof IR_VERSION;
  readonly functions: Readonly<Record<string, FunctionModel>>;
  readonly guardRules: readonly GuardRule[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Locks the code takes that the lock catalogue does not list, with the kind
   * the API taking them implies (`mutex_lock` takes a mutex). They have no
   * documented order; a catalogue entry for the same path wins.
   */
  readonly locks?: readonly LockDescriptor[];
}

export const IR_VERSION = 1;

/** Every statement kind, as data (for validators and pretty-printers). */
export const STMT_OPS = [
  'lock',
  'unlock',
  'srcu_read_lock',
  'srcu_read_unlock',
  'synchronize_srcu',
  'access',
  'assign',
  'alloc',
  'free',
  'cache_topup',
  'cache_alloc',
  'cache_free',
  'assert_held',
  'warn',
  'might_sleep',
  'atomic',
  'call',
  'branch',
  'loop',
  'break',
  'continue',
  'return',
  'label',
  'goto',
  'scope',
  'world',
] as const satisfies readonly StmtOp[];

// Compile-time proof that STMT_OPS lists every member of the Stmt union.
type MissingOps = Exclude<StmtOp, (typeof STMT_OPS)[number]>;
export const STMT_OPS_COMPLETE: [MissingOps] extends [never] ? true : MissingOps = true;
