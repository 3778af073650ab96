// What an operation's `apply` works with: the moving thread's frame and
// slots, the draft of the world, and the checks every operation shares (an
// access is checked for use after free and against guarded-by rules; a
// statement that may sleep is checked against atomic context; a free against
// a double free). Violations, notices and lock edges it reports, and the
// events it emits for the policy runner, are collected here.
import type { GuardRule, HelperContext, LockKind, LockState, Path } from '@kvmsim/mmu-model';
import { holds, isAtomicWhileHeld } from '@kvmsim/mmu-model';
import { freedTwice } from '../detectors/double-free.js';
import { lockEdge } from '../detectors/lock-edge.js';
import { guardedByBroken } from '../detectors/missing-lock.js';
import type { AtomicCause } from '../detectors/sleep-in-atomic.js';
import { sleepWhileAtomic } from '../detectors/sleep-in-atomic.js';
import { accessAfterFree } from '../detectors/use-after-free.js';
import type { OpEvent } from '../ops/operation.js';
import type { CExpr, CompiledFunction, PathRef } from '../program/compiled.js';
import { evaluate, resolvePath } from '../program/eval-expr.js';
import type { Value } from '../program/values.js';
import type { Draft } from './draft.js';
import type { Observation } from './observation.js';
import type { Frame, HeapObject, SimState, Site } from './sim-state.js';
import { NOT_ATOMIC } from './sim-state.js';
import type { WorldModel } from './world-model.js';

/** What a step needs of the system it runs in. */
export interface StepHost {
  readonly params: Readonly<Record<string, number | boolean>>;
  readonly helpers: HelperContext | undefined;
  /** The world model of policy runs; absent in the race explorer. */
  readonly world: WorldModel | undefined;
  threadName(thread: number): string;
  lockAt(state: Pick<SimState, 'locks'>, path: Path, site: Site, written?: PathRef): LockState;
  srcuPath(ref: PathRef, frame: Frame, site: Site): Path;
  lockKindOf(path: Path): LockKind | undefined;
  /** Locks and SRCU structs the thread holds, each sorted by path. */
  heldPaths(
    state: Pick<SimState, 'locks' | 'srcu'>,
    thread: number,
  ): { locks: { path: Path; kind: LockKind }[]; srcu: Path[] };
  locksHeld(state: SimState, thread: number): string[];
  /** The freed heap object `path` goes through, if any. */
  freedOn(state: Pick<SimState, 'fields' | 'objects'>, path: Path): number | undefined;
  /** The guarded-by rules that cover `path`. */
  rulesFor(path: Path): readonly GuardRule[];
  readField(state: Pick<SimState, 'fields' | 'caches'>, path: Path): Value;
  /** Whether the cache_alloc at `pc` of `fn` stands in for the world operation right after it. */
  standsIn(fn: CompiledFunction, pc: number): boolean;
  /** Where events go (policy runs), if anywhere. */
  readonly events: ((event: OpEvent) => void) | undefined;
}

export class StepContext {
  /** Where the thread goes next; the instruction after this one unless the operation says. */
  pc: number;
  /** Set by an operation that blocks the thread inside it (synchronize_srcu). */
  waitFor: readonly number[] | undefined = undefined;
  /** Set by a fatal operation (BUG_ON firing). */
  stopped = false;
  /** The atomic sections the thread is in (preempt, irq), innermost last; operations may change it. */
  atomic: readonly string[];
  /** Whether the slots were copied for writing. */
  copied = false;
  slots: (Value | undefined)[];
  /** The name of the moving thread, for messages. */
  readonly who: string;

  constructor(
    readonly host: StepHost,
    /** The state before the step. */
    readonly before: SimState,
    readonly draft: Draft,
    readonly thread: number,
    readonly choice: number,
    readonly frame: Frame,
    readonly fn: CompiledFunction,
    readonly site: Site,
    readonly out: Observation[],
  ) {
    this.pc = frame.pc + 1;
    this.slots = frame.slots as (Value | undefined)[];
    this.who = host.threadName(thread);
    this.atomic = before.threads[thread]?.atomic ?? NOT_ATOMIC;
  }

  /** The slots, copied once for writing. */
  own(): (Value | undefined)[] {
    if (!this.copied) {
      this.slots = [...this.slots];
      this.copied = true;
    }
    return this.slots;
  }

  /** Writes `value` to `slot`. */
  set(slot: number, value: Value | undefined): void {
    this.own()[slot] = value;
  }

  value(expr: CExpr): Value {
    return evaluate(expr, {
      slots: this.slots,
      params: this.host.params,
      helpers: this.host.helpers,
    });
  }

  path(ref: PathRef): Path {
    return resolvePath(ref, this.slots);
  }

  report(observation: Observation): void {
    this.out.push(observation);
  }

  emit(event: OpEvent): void {
    this.host.events?.(event);
  }

  /** Checks one access to shared state: use after free and guarded-by rules. */
  checkAccess(path: Path, write: boolean): void {
    const { draft, thread, site, who } = this;
    const freed = this.host.freedOn(draft, path);
    if (freed !== undefined)
      this.report(accessAfterFree(who, thread, path, write, site, draft.objects[freed]));
    for (const rule of this.host.rulesFor(path)) {
      const lock = draft.locks[rule.lock];
      if (lock !== undefined && holds(lock, thread, rule.mode)) continue;
      this.report(guardedByBroken(who, thread, path, write, site, rule));
    }
  }

  /** What makes the thread atomic now: the spinlocks and rwlocks it holds, the sections it entered. */
  atomicCauses(): AtomicCause[] {
    const causes: AtomicCause[] = this.host
      .heldPaths(this.draft, this.thread)
      .locks.filter((lock) => isAtomicWhileHeld(lock.kind));
    for (const section of this.atomic) causes.push({ path: section, kind: 'section' });
    return causes;
  }

  /** A statement that may sleep (`what`): a violation in atomic context. */
  mightSleep(what: string): void {
    const [first, ...rest] = this.atomicCauses();
    if (first !== undefined)
      this.report(sleepWhileAtomic(this.who, this.thread, what, this.site, [first, ...rest]));
  }

  /** Lock-order edges from every lock (and, unless `locksOnly`, read section) held to `path`. */
  edgesTo(path: Path, waits: boolean, locksOnly: boolean): void {
    const held = this.host.heldPaths(this.draft, this.thread);
    const outers = locksOnly
      ? held.locks.map((h) => h.path)
      : [...held.locks.map((h) => h.path), ...held.srcu];
    for (const outer of outers)
      if (outer !== path)
        this.report(lockEdge(this.who, this.thread, outer, path, this.site, waits));
  }

  /** Frees heap object `id` with `api`; a second free is a violation. */
  freeObject(id: number, api: string): void {
    const object = this.draft.objects[id];
    if (object === undefined) return;
    if (object.freed) this.report(freedTwice(this.who, this.thread, object, api, this.site));
    else
      this.draft.setObject(id, {
        ...object,
        freed: true,
        freedAt: this.site,
        freedBy: this.thread,
      });
  }

  /** A new heap object labelled `label`, owned by the scenario's code; its id. */
  newObject(label: string): number {
    return this.draft.addObject({ label, freed: false, owned: true, allocatedAt: this.site });
  }

  object(id: number): HeapObject | undefined {
    return this.draft.objects[id];
  }
}
