// One operation of the IR, everything the simulator knows about it in one
// place: how the IR statement compiles, when a thread standing at it can
// move, what moving does to the world (and which detectors it calls), what it
// touches for partial-order reduction, how a trace shows it, and what it is
// in Promela. The KVM system, the footprints, traces and the Promela export
// look operations up in the table (ops/index.ts) instead of switching on the
// statement kind, so a new primitive is one file here (docs/sim.md).
import type {
  Expr,
  LockMode,
  LockState,
  MemoryCache,
  Path,
  SourceLocation,
  Stmt,
} from '@kvmsim/mmu-model';
import type { CExpr, Instr, PathRef, VisibleInstr } from '../program/compiled.js';
import type { Resource } from '../kvm/resource.js';
import type { StepContext } from '../kvm/step-context.js';
import type { Frame, SimState, Site, ThreadState } from '../kvm/sim-state.js';

/** The name of an operation: an instruction that is a scheduling point. */
export type OpName = VisibleInstr['op'];
export type InstrOf<K extends OpName> = Extract<VisibleInstr, { op: K }>;
/** The IR statement an operation compiles from (none for the compiler's own `read`). */
export type StmtOf<K extends OpName> = Extract<Stmt, { op: K }>;

/** What an operation's compile step may ask of the compiler. */
export interface OpCompiler {
  /** The path, with a root local resolved to its slot. */
  path(path: Path): PathRef;
  /** The slot of a local (created on first use). */
  slot(name: string): number;
  /** A compiled expression; the shared fields it reads are queued as pending reads. */
  expr(expr: Expr): CExpr;
  /** Queues a read of a memory cache into a snapshot slot, returned. */
  cacheRead(path: Path): number;
  /** Emits the pending reads as one visible step before `stmt`; the slots to clear after it. */
  flushReads(stmt: Stmt): readonly number[] | undefined;
  /** Appends an instruction (with the slots it clears once run). */
  emit(instr: Instr, kill: readonly number[] | undefined): void;
  /** `{ slot }` for a statement's result local, `{}` without one. */
  resultSlot(result: string | undefined): { slot?: number };
}

/** A static walk over the code a thread may run (footprints, checks before exploring). */
export interface StaticWalker {
  /** The thread may read or write `ref`. */
  path(ref: PathRef, write: boolean): void;
  /** The thread may touch the lock or SRCU struct `ref`; its path when known statically. */
  lock(ref: PathRef, loc: SourceLocation): Path | undefined;
  /** The thread may allocate or free (write) or go through a heap pointer (read). */
  heap(write: boolean): void;
  /** The thread takes `lock` in `mode` somewhere. */
  acquires(lock: Path, mode: LockMode): void;
  /** The thread releases `lock` in `mode` at `loc`. */
  releases(lock: Path, mode: LockMode, loc: SourceLocation): void;
}

/** What partial-order reduction asks of a step about to run. */
export interface FootprintContext {
  readonly state: SimState;
  readonly choice: number;
  /** The path a reference resolves to in the moving frame. */
  path(ref: PathRef): Path;
  /** The resources of an access to `path` (the path, and the heap when it goes through a pointer). */
  access(path: Path, write: boolean): Resource[];
}

/** What a trace asks to show a step. */
export interface DescribeContext {
  readonly choice: number;
  /** The thread is inside the operation already (synchronize_srcu waiting). */
  readonly waiting: boolean;
  path(ref: PathRef): Path;
  /** The kernel API for a lock operation on `path`: `write_lock(kvm.mmu_lock)`. */
  lockCall(path: Path, mode: LockMode, unlock: boolean, written: Path): string;
  /** A value as a trace shows it. */
  show(expr: CExpr): string;
}

/** A step as a trace shows it. */
export interface Description {
  readonly text: string;
  /** World locations the step touched, whose values after it the trace lists. */
  readonly touched?: readonly Path[];
}

/** What the Promela export offers an operation (see promela/export-promela.ts). */
export interface PromelaContext {
  readonly thread: number;
  readonly threadCount: number;
  /** The function the instruction is in. */
  readonly fn: string;
  /** `file:line`, for assertion comments. */
  readonly where: string;
  readonly allocationFailures: boolean;
  resolve(ref: PathRef): Path;
  expr(expr: CExpr): { readonly known: string; readonly value: string };
  /** An expression's value, or UNK. */
  orUnknown(expr: CExpr): string;
  slot(slot: number): string;
  /** One atomic step (with an optional guard) followed by the jump to the next instruction. */
  atomic(lines: readonly string[], guard?: string): string;
  /** The jump to the next instruction. */
  readonly next: string;
  lock(path: Path): { readonly name: string; readonly kind: string };
  holds(path: Path, mode: string): string;
  noReaders(lock: string): string;
  accessChecks(path: Path): string[];
  field(path: Path): string;
  readField(path: Path): string;
  cache(path: Path): string;
  freeObject(value: string, what: string): string;
  number(value: number): string;
  /** Counts allocation sites, which size the object table. */
  allocates(sites: number): void;
  /** The largest cache capacity, which sizes the page arrays. */
  pages(capacity: number): void;
  fail(reason: string): never;
}

/** An event an operation emits for the policy runner's metrics. */
export type OpEvent =
  | {
      readonly kind: 'cache';
      readonly op: 'topup' | 'alloc' | 'free';
      readonly cache: Path;
      /** The cache before and after. */
      readonly before: MemoryCache;
      readonly after: MemoryCache;
    }
  | { readonly kind: 'unlock'; readonly lock: Path; readonly function: string };

/** Everything the simulator knows about one operation. */
export interface Operation<K extends OpName> {
  readonly op: K;
  /** The IR statement to instructions; absent for instructions only the compiler makes. */
  readonly compile?: (stmt: StmtOf<K>, compiler: OpCompiler) => void;
  /**
   * The choices enabled for `thread` standing at `instr` (`[0]` usually; two
   * for a decision the model leaves open; none while it is blocked).
   */
  enabled(instr: InstrOf<K>, at: EnableAt): readonly number[];
  /** Runs the step: changes the draft world, reports violations, emits events. */
  apply(instr: InstrOf<K>, step: StepContext): void;
  /** What the step touches, for partial-order reduction. */
  footprint(instr: InstrOf<K>, at: FootprintContext): Resource[];
  /** What the thread may touch at this instruction, statically. */
  walk(instr: InstrOf<K>, walker: StaticWalker): void;
  /** Accesses to shared memory the step makes (the data-race detector's view of a poised thread). */
  accesses(instr: InstrOf<K>, path: (ref: PathRef) => Path): readonly Access[];
  describe(instr: InstrOf<K>, at: DescribeContext): Description;
  /** The step as Promela lines. */
  toPromela(instr: InstrOf<K>, at: PromelaContext): string[];
  /**
   * For operations that can block: what a thread blocked here waits for (the
   * deadlock detector's wait-for graph). Absent: the thread never blocks here.
   */
  readonly waits?: (instr: InstrOf<K>, at: WaitContext) => Waiting;
}

/** A blocked thread, for `waits`. */
export interface WaitContext {
  readonly state: SimState;
  readonly thread: number;
  /** The function it is blocked in. */
  readonly fn: string;
  path(ref: PathRef): Path;
  /** A thread's name as a wait is told (`itself` for the blocked thread). */
  name(thread: number): string;
}

/** What a blocked thread waits for. */
export interface Waiting {
  /** The rest of a sentence after the thread's name: `waits in f for kvm.mmu_lock, held by t`. */
  readonly text: string;
  /** The lock or SRCU struct waited on. */
  readonly on: string;
  /** The threads whose progress it waits for. */
  readonly for: readonly number[];
}

export interface Access {
  readonly path: Path;
  readonly write: boolean;
}

/** What `enabled` may ask of the system. */
export interface EnableHost {
  readonly allocationFailures: boolean;
  /** The lock at `path` in `state` (a free lock of its kind when no one took it yet). */
  lockAt(state: SimState, path: Path, site: Site, written?: PathRef): LockState;
  /** The SRCU struct `ref` names in `frame`. */
  srcuPath(ref: PathRef, frame: Frame, site: Site): Path;
}

/** Where a thread stands, for `enabled`. */
export interface EnableAt {
  readonly host: EnableHost;
  readonly state: SimState;
  readonly thread: ThreadState;
  readonly index: number;
  readonly frame: Frame;
  /** The instruction's place. */
  site(): Site;
}

export const ONE_CHOICE: readonly number[] = Object.freeze([0]);
export const TWO_CHOICES: readonly number[] = Object.freeze([0, 1]);
export const ONLY_FAILURE: readonly number[] = Object.freeze([1]);
export const BLOCKED: readonly number[] = Object.freeze([]);
export const NO_ACCESS: readonly Access[] = Object.freeze([]);
