// The KVM world as a transition system: threads running compiled IR against
// the locks, SRCU, fields, memory caches and heap objects of @kvmsim/mmu-model.
// Every detector that looks at one step or one state lives here, next to the
// semantics it watches; the lock-order detector, which looks at all explored
// executions at once, is assembled from the `lock-edge` observations in
// simulate.ts.
import type {
  GuardRule,
  HelperContext,
  LockCatalogue,
  LockKind,
  LockMode,
  LockState,
  MemoryCache,
  Path,
  SrcuState,
} from '@kvmsim/mmu-model';
import {
  EMPTY_CACHE,
  EMPTY_SRCU,
  acquire,
  acquireMaySleep,
  allocFromMemoryCache,
  canAcquire,
  freeMemoryCache,
  gracePeriodElapsed,
  gracePeriodWaitSet,
  holds,
  isAtomicWhileHeld,
  lockKindOf,
  newLock,
  release,
  srcuReadLock,
  srcuReadUnlock,
  takeFromMemoryCache,
  topupMemoryCache,
} from '@kvmsim/mmu-model';
import type { KeyBuffer } from '../engine/key-table.js';
import type { TransitionSystem } from '../engine/transition-system.js';
import type {
  CExpr,
  CompiledFunction,
  CompiledProgram,
  Instr,
  PathRef,
  VisibleInstr,
} from '../program/compiled.js';
import { isVisible } from '../program/compiled.js';
import { evaluate, resolvePath, type EvalContext } from '../program/eval-expr.js';
import { ProgramInputError } from '../program/program-input-error.js';
import type { Value } from '../program/values.js';
import { isObjectRef, showValue, truthy } from '../program/values.js';
import type { InitialWorld, SimulationInput } from './simulation-input.js';
import { cacheObjectLabel, initialWorld } from './initial-world.js';
import { inputLockCatalogue } from './input-catalogue.js';
import type {
  HeapObject,
  PoisedAccess,
  SimState,
  SimStep,
  SimWorld,
  Site,
  Violation,
} from './sim-state.js';
import { Frame, MAX_CHOICES, StateEncoder, ThreadState, WorldCell, stepRank } from './sim-state.js';
import type { WorldModel } from './world-model.js';
import {
  RemainingFootprints,
  checkThread,
  conflicts,
  stepFootprint,
  type Resource,
} from './footprint.js';

/** Calls nested deeper than this run as opaque calls (a notice says so). */
export const MAX_CALL_DEPTH = 24;

/**
 * Activations of one function on one call stack: a recursive call beyond
 * them runs as an opaque call (a notice says so). Recursion is unrolled once,
 * as loops run at most twice: the page-table walkers recurse per level, and
 * with the level unknown every unrolling doubles what a thread can do.
 */
export const MAX_RECURSION = 2;

/** Whether `thread` can reach itself along wait-for edges (it is on a cycle, a self-loop included). */
export function onWaitCycle(
  thread: number,
  waitsFor: (thread: number) => readonly number[],
): boolean {
  const seen = new Set<number>();
  const stack = [...waitsFor(thread)];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next === thread) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...waitsFor(next));
  }
  return false;
}

/** How many frames of `frames` run function `fn`. */
export function activations(frames: readonly { readonly fn: number }[], fn: number): number {
  let count = 0;
  for (const frame of frames) if (frame.fn === fn) count += 1;
  return count;
}

export interface KvmSystemOptions {
  readonly allocationFailures: boolean;
  /**
   * The effect of `world` statements; the race explorer's default when absent.
   * A model with state of its own (a page table) is for single-path runs only:
   * its state is not part of the state key.
   */
  readonly world?: WorldModel;
  /**
   * The state encoder, for systems whose states share one key space (the
   * policy runner's VMs). Encoders cache ids on the frames and threads they
   * encode, so every state a system makes must go through one encoder.
   */
  readonly encoder?: StateEncoder;
  /**
   * Replay a step's kept outcome in every state that shares its world and
   * moving thread (see `apply`). Default true; off, every step is computed
   * afresh, which gives the same exploration, only slower.
   */
  readonly reuseSteps?: boolean;
}

/** Proper prefixes of a path at member and element boundaries: `a.b[*].c` → `a`, `a.b`, `a.b[*]`. */
export function pathPrefixes(path: Path): Path[] {
  const out: Path[] = [];
  for (let index = 1; index < path.length; index += 1) {
    const char = path[index];
    if (char === '.' || char === '[') out.push(path.slice(0, index));
    else if (char === ']' && index + 1 < path.length) out.push(path.slice(0, index + 1));
  }
  return [...new Set(out)];
}

/** Whether `path` is `prefix` or lies below it. */
export function pathWithin(path: Path, prefix: Path): boolean {
  return (
    path === prefix ||
    (path.startsWith(prefix) && (path[prefix.length] === '.' || path[prefix.length] === '['))
  );
}

/**
 * Whether two paths name overlapping memory: one is the other or a member of
 * it, without going through an array element. `kvm.arch.mmu.split_page_cache`
 * and its `.nobjs` overlap, but `kvm.arch.nested_mmus[*].pgt` is memory the
 * pointer `kvm.arch.nested_mmus` points to, not the pointer itself.
 */
export function sameMemory(a: Path, b: Path): boolean {
  const short = a.length <= b.length ? a : b;
  const long = short === a ? b : a;
  if (!long.startsWith(short)) return false;
  if (long.length === short.length) return true;
  return long[short.length] === '.' && !long.includes('[', short.length);
}

const NOTHING_POISED: readonly PoisedAccess[] = Object.freeze([]);
const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);

const CACHE_MEMBERS = ['capacity', 'nobjs', 'objects'] as const;

function lockApi(kind: LockKind, mode: LockMode, unlock: boolean, tryLock: boolean): string {
  const verb = unlock ? 'unlock' : tryLock ? 'trylock' : 'lock';
  switch (kind) {
    case 'mutex':
      return `mutex_${verb}`;
    case 'spinlock':
      return `spin_${verb}`;
    case 'raw_spinlock':
      return `raw_spin_${verb}`;
    case 'rwlock':
      return `${mode}_${verb}`;
    default:
      return verb;
  }
}

/** A state of these threads in this world. */
function withWorld(threads: readonly ThreadState[], world: SimWorld): SimState {
  return {
    threads,
    locks: world.locks,
    srcu: world.srcu,
    fields: world.fields,
    caches: world.caches,
    objects: world.objects,
    world: world.world,
  };
}

const PART_BITS = { locks: 1, srcu: 2, fields: 4, caches: 8, objects: 16 } as const;

/** A mutable copy of the parts of a state one step changes. */
class Draft {
  threads: ThreadState[];
  locks: Record<Path, LockState>;
  srcu: Record<Path, SrcuState>;
  fields: Record<Path, Value>;
  caches: Record<Path, MemoryCache>;
  objects: HeapObject[];
  /** The parts copied so far, one bit each (PART_BITS). */
  private copied = 0;

  constructor(private readonly base: SimState) {
    this.threads = [...base.threads];
    this.locks = base.locks;
    this.srcu = base.srcu;
    this.fields = base.fields;
    this.caches = base.caches;
    this.objects = base.objects as HeapObject[];
  }

  private own(part: keyof typeof PART_BITS): void {
    if ((this.copied & PART_BITS[part]) !== 0) return;
    this.copied |= PART_BITS[part];
    if (part === 'objects') this.objects = [...this.base.objects];
    else (this as Record<string, unknown>)[part] = { ...this.base[part] };
  }

  setLock(path: Path, lock: LockState): void {
    this.own('locks');
    this.locks[path] = lock;
  }
  setSrcu(path: Path, srcu: SrcuState): void {
    this.own('srcu');
    this.srcu[path] = srcu;
  }
  setField(path: Path, value: Value): void {
    this.own('fields');
    this.fields[path] = value;
  }
  setCache(path: Path, cache: MemoryCache): void {
    this.own('caches');
    this.caches[path] = cache;
  }
  addObject(object: HeapObject): number {
    this.own('objects');
    this.objects.push(object);
    return this.objects.length - 1;
  }
  setObject(id: number, object: HeapObject): void {
    this.own('objects');
    this.objects[id] = object;
  }
  done(): SimState {
    return {
      threads: this.threads,
      locks: this.locks,
      srcu: this.srcu,
      fields: this.fields,
      caches: this.caches,
      objects: this.objects,
      world: this.copied === 0 ? this.base.world : new WorldCell(),
    };
  }
}

export class KvmSystem implements TransitionSystem<SimState, SimStep, Violation> {
  readonly catalogue: LockCatalogue;
  private readonly guardRules: readonly GuardRule[];
  private readonly params: Readonly<Record<string, number | boolean>>;
  private readonly helpers: HelperContext | undefined;
  private readonly entries: readonly CompiledFunction[];
  private readonly initialState: SimState;
  private readonly initialNotices: Violation[] = [];
  private readonly remaining: RemainingFootprints;
  private readonly encoder: StateEncoder;
  /** Whether step outcomes are kept and replayed: never with a world model, whose state is its own. */
  private readonly reuseSteps: boolean;
  /** The first world met with each exact id (see `shareWorld`). */
  private readonly worlds = new Map<number, SimWorld>();
  /** Steps computed rather than replayed from a kept outcome. */
  stepsComputed = 0;
  private readonly freedMemo = new WeakMap<readonly HeapObject[], boolean>();

  /** Whether any object is freed (cached per objects array: most states free nothing). */
  private anyFreed(objects: readonly HeapObject[]): boolean {
    let any = this.freedMemo.get(objects);
    if (any === undefined) {
      any = objects.some((object) => object.freed);
      this.freedMemo.set(objects, any);
    }
    return any;
  }
  private readonly prefixMemo = new Map<Path, Path[]>();
  private readonly guardMemo = new Map<Path, readonly GuardRule[]>();
  private readonly cachePaths: ReadonlySet<Path>;
  private readonly stepTable: SimStep[][] = [];
  private readonly poisedScratch: (readonly PoisedAccess[])[] = [];
  private readonly enabledScratch: SimStep[] = [];
  private readonly freeLocks = new Map<Path, LockState>();
  private readonly raceMemo: (readonly Violation[] | undefined)[][][] = [];
  private readonly siteTable: Site[][] = [];

  constructor(
    readonly program: CompiledProgram,
    readonly input: SimulationInput,
    private readonly options: KvmSystemOptions,
  ) {
    this.encoder = options.encoder ?? new StateEncoder();
    this.reuseSteps = options.world === undefined && options.reuseSteps !== false;
    this.catalogue = inputLockCatalogue(input);
    this.guardRules = input.program.guardRules;
    this.params = input.params ?? {};
    this.helpers = input.helpers;
    this.entries = input.threads.map((thread) => {
      const fn = program.byName.get(thread.entry);
      if (fn === undefined)
        throw new ProgramInputError(
          `thread '${thread.name}': entry function '${thread.entry}' is not in the program`,
          undefined,
          undefined,
        );
      if (thread.args.length !== fn.params.length)
        throw new ProgramInputError(
          `thread '${thread.name}': ${thread.entry} takes ${fn.params.length} arguments, ${thread.args.length} given`,
          fn.name,
          fn.loc,
        );
      return fn;
    });
    this.cachePaths = new Set(Object.keys(input.world?.caches ?? {}));
    this.initialState = this.buildInitial(input.world ?? {});
    if (this.reuseSteps) this.shareWorld(this.initialState);
    this.entries.forEach((fn, index) =>
      checkThread(
        program,
        fn,
        this.initialState.threads[index]?.frames[0]?.slots ?? [],
        (path, name, loc) => this.checkLockPath(path, name, loc),
      ),
    );
    this.remaining = new RemainingFootprints(program);
  }

  /** The static check of a lock or SRCU path, run over every thread before exploring. */
  private checkLockPath(path: Path, fn: string, loc: Instr['loc']): void {
    if (lockKindOf(this.catalogue, path) === undefined)
      throw new ProgramInputError(
        `unknown lock '${path}': not in the lock catalogue (add it to the repository's lock catalogue)`,
        fn,
        loc,
      );
  }

  private buildInitial(world: InitialWorld): SimState {
    const { fields, caches, objects } = initialWorld(world);
    const threads: ThreadState[] = this.entries.map((fn, index) => {
      const spec = this.input.threads[index];
      const slots: (Value | undefined)[] = fn.slots.map(() => undefined);
      spec?.args.forEach((arg, position) => {
        if (arg.kind === 'const') slots[position] = arg.value;
        else if (arg.kind === 'addressOf') slots[position] = { address: arg.path };
        else if (arg.kind === 'param')
          slots[position] = this.params[arg.name] ?? { unknown: arg.name };
        else slots[position] = { unknown: `argument ${position + 1} of thread '${spec.name}'` };
      });
      return new ThreadState([new Frame(fn.index, 0, slots)], false);
    });
    const draft = new Draft({
      threads,
      locks: {},
      srcu: {},
      fields,
      caches,
      objects,
      world: new WorldCell(),
    });
    for (let thread = 0; thread < threads.length; thread += 1)
      this.advance(draft, thread, this.initialNotices);
    return draft.done();
  }

  initial(): SimState {
    return this.initialState;
  }

  key(state: SimState): string {
    return this.encoder.key(state);
  }

  keyInto(state: SimState, into: KeyBuffer): void {
    this.encoder.keyInto(state, -1, undefined, state, into);
  }

  violationKey(violation: Violation): string {
    return violation.key;
  }

  stepRank(step: SimStep): number {
    return stepRank(step);
  }

  fn(index: number): CompiledFunction {
    const fn = this.program.functions[index];
    if (fn === undefined) throw new Error(`no function ${index}`);
    return fn;
  }

  /** The instruction a live thread stands at. */
  current(
    state: SimState,
    thread: number,
  ): { instr: Instr; frame: Frame; fn: CompiledFunction } | undefined {
    const t = state.threads[thread];
    if (t === undefined || t.stopped) return undefined;
    const frame = t.frames.at(-1);
    if (frame === undefined) return undefined;
    const fn = this.fn(frame.fn);
    const instr = fn.code[frame.pc];
    if (instr === undefined) throw new Error(`pc ${frame.pc} outside ${fn.name}`);
    return { instr, frame, fn };
  }

  threadName(thread: number): string {
    return this.input.threads[thread]?.name ?? `thread ${thread}`;
  }

  /** Evaluates an expression in a frame (for traces). */
  evaluateIn(frame: Frame, expr: CExpr): Value {
    return evaluate(expr, { slots: frame.slots, params: this.params, helpers: this.helpers });
  }

  /**
   * The kind of the lock at `path`: the catalogue's, or else the one the
   * extractor inferred for the path as written (`irq->irq_lock`, taken with
   * spin_lock) when it resolves to a lock of some object at run time
   * (`vcpu.arch.vgic_cpu.private_irqs[*].irq_lock`).
   */
  lockKind(path: Path, site: Site, written?: Path): Exclude<LockKind, 'srcu'> {
    const kind =
      lockKindOf(this.catalogue, path) ??
      (written === undefined ? undefined : lockKindOf(this.catalogue, written));
    if (kind === undefined || kind === 'srcu')
      throw new ProgramInputError(
        kind === undefined ? `unknown lock '${path}'` : `'${path}' is an SRCU struct, not a lock`,
        site.function,
        site.loc,
      );
    return kind;
  }

  private lockState(
    state: { locks: Readonly<Record<Path, LockState>> },
    path: Path,
    site: Site,
    written?: PathRef,
  ): LockState {
    const lock = state.locks[path];
    if (lock !== undefined) return lock;
    // A lock no one has taken yet: one free value per path (lock states are immutable).
    let free = this.freeLocks.get(path);
    if (free === undefined) {
      free = newLock(this.lockKind(path, site, written?.text));
      this.freeLocks.set(path, free);
    }
    return free;
  }

  private srcuPath(ref: PathRef, frame: Frame, site: Site): Path {
    const path = resolvePath(ref, frame.slots);
    const kind = lockKindOf(this.catalogue, path);
    if (kind !== 'srcu')
      throw new ProgramInputError(
        `'${path}' is not an SRCU struct in the lock catalogue`,
        site.function,
        site.loc,
      );
    return path;
  }

  /** The step of `thread` taking `choice`: one shared, frozen value per pair. */
  private step(thread: number, choice: number): SimStep {
    let row = this.stepTable[thread];
    if (row === undefined) {
      row = Array.from({ length: MAX_CHOICES }, (_, index) =>
        Object.freeze({ thread, choice: index }),
      );
      this.stepTable[thread] = row;
    }
    return row[choice] as SimStep;
  }

  /** The place of the instruction at `pc` of `fn`: one shared value per instruction. */
  private site(fn: CompiledFunction, pc: number): Site {
    let row = this.siteTable[fn.index];
    if (row === undefined) {
      row = [];
      this.siteTable[fn.index] = row;
    }
    let site = row[pc];
    if (site === undefined) {
      const instr = fn.code[pc];
      if (instr === undefined) throw new Error(`pc ${pc} outside ${fn.name}`);
      site = Object.freeze({ function: fn.name, loc: instr.loc });
      row[pc] = site;
    }
    return site;
  }

  enabled(state: SimState): SimStep[] {
    // Gathered in a scratch array and copied out at their exact length: an
    // array grown one step at a time would carry room for 17.
    const steps = this.enabledScratch;
    let count = 0;
    for (let index = 0; index < state.threads.length; index += 1) {
      const thread = state.threads[index] as ThreadState;
      const frame = thread.stopped ? undefined : thread.frames[thread.frames.length - 1];
      if (frame === undefined) continue;
      const fn = this.fn(frame.fn);
      const instr = fn.code[frame.pc];
      if (instr === undefined) throw new Error(`pc ${frame.pc} outside ${fn.name}`);
      switch (instr.op) {
        case 'branch':
          steps[count++] = this.step(index, 0);
          steps[count++] = this.step(index, 1);
          break;
        case 'lock': {
          const path = resolvePath(instr.lock, frame.slots);
          const lock = this.lockState(state, path, this.site(fn, frame.pc), instr.lock);
          if (instr.mayFail !== undefined && !instr.mayFail.blocks)
            steps[count++] = this.step(index, 0);
          else {
            if (canAcquire(lock, index, instr.mode).ok) steps[count++] = this.step(index, 0);
            if (instr.mayFail?.blocks === true) steps[count++] = this.step(index, 1);
          }
          break;
        }
        case 'synchronize_srcu': {
          if (thread.waitFor === undefined) steps[count++] = this.step(index, 0);
          else {
            const path = this.srcuPath(instr.srcu, frame, this.site(fn, frame.pc));
            if (gracePeriodElapsed(state.srcu[path] ?? EMPTY_SRCU, thread.waitFor))
              steps[count++] = this.step(index, 0);
          }
          break;
        }
        case 'alloc':
          steps[count++] = this.step(index, 0);
          if (instr.mayFail && this.options.allocationFailures)
            steps[count++] = this.step(index, 1);
          break;
        default:
          steps[count++] = this.step(index, 0);
      }
    }
    return steps.slice(0, count);
  }

  /** Locks and read sections `thread` holds, as `path (mode)`, sorted. */
  locksHeld(state: SimState, thread: number): string[] {
    const { locks, srcu } = this.heldPaths(state, thread);
    const held: string[] = [];
    for (const { path } of locks) {
      for (const holder of state.locks[path]?.holders ?? [])
        if (holder.thread === thread)
          held.push(holder.mode === 'exclusive' ? path : `${path} (${holder.mode})`);
    }
    for (const path of srcu) {
      for (const reader of state.srcu[path]?.readers ?? [])
        if (reader.thread === thread) held.push(`${path} (read)`);
    }
    return held;
  }

  /** The locks and SRCU structs `thread` holds, each sorted by path (the few held, not all known). */
  private heldPaths(
    state: { locks: Readonly<Record<Path, LockState>>; srcu: Readonly<Record<Path, SrcuState>> },
    thread: number,
  ) {
    const locks: { path: Path; kind: LockKind }[] = [];
    for (const path in state.locks) {
      const lock = state.locks[path];
      if (lock?.holders.some((holder) => holder.thread === thread))
        locks.push({ path, kind: lock.kind });
    }
    const srcu: Path[] = [];
    for (const path in state.srcu)
      if (state.srcu[path]?.readers.some((reader) => reader.thread === thread)) srcu.push(path);
    if (locks.length > 1) locks.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    if (srcu.length > 1) srcu.sort();
    return { locks, srcu };
  }

  objectLabel(state: SimState, id: number): string {
    return `${state.objects[id]?.label ?? 'object'}#${id}`;
  }

  show(state: SimState, value: Value): string {
    return showValue(value, (id) => this.objectLabel(state, id));
  }

  private prefixes(path: Path): Path[] {
    let prefixes = this.prefixMemo.get(path);
    if (prefixes === undefined) {
      prefixes = pathPrefixes(path);
      this.prefixMemo.set(path, prefixes);
    }
    return prefixes;
  }

  private rulesFor(path: Path): readonly GuardRule[] {
    let rules = this.guardMemo.get(path);
    if (rules === undefined) {
      rules = this.guardRules.filter((rule) => pathWithin(path, rule.path));
      this.guardMemo.set(path, rules);
    }
    return rules;
  }

  /** The freed heap object a path goes through, if any. */
  freedOn(
    state: { fields: Readonly<Record<Path, Value>>; objects: readonly HeapObject[] },
    path: Path,
  ): number | undefined {
    if (!this.anyFreed(state.objects)) return undefined;
    for (const prefix of this.prefixes(path)) {
      const value = state.fields[prefix];
      if (value !== undefined && isObjectRef(value) && state.objects[value.object]?.freed === true)
        return value.object;
    }
    return undefined;
  }

  readField(
    state: { fields: Readonly<Record<Path, Value>>; caches: Readonly<Record<Path, MemoryCache>> },
    path: Path,
  ): Value {
    const value = state.fields[path];
    if (value !== undefined) return value;
    const dot = path.lastIndexOf('.');
    if (dot > 0) {
      const base = path.slice(0, dot);
      const member = path.slice(dot + 1);
      if (
        (CACHE_MEMBERS as readonly string[]).includes(member) &&
        (base in state.caches || this.cachePaths.has(base))
      ) {
        const cache = state.caches[base] ?? EMPTY_CACHE;
        if (member === 'capacity') return cache.capacity;
        if (member === 'nobjs') return cache.nobjs;
        return cache.objects === null ? null : { object: cache.objects };
      }
    }
    return { unknown: `${path} is not modelled` };
  }

  /** Checks one access to shared state: use after free and guarded-by rules. */
  private checkAccess(
    draft: Draft,
    thread: number,
    path: Path,
    write: boolean,
    site: Site,
    out: Violation[],
  ): void {
    const freed = this.freedOn(draft, path);
    if (freed !== undefined) {
      const object = draft.objects[freed];
      const where =
        object?.freedAt === undefined
          ? ''
          : ` (freed in ${object.freedAt.function} at ${object.freedAt.loc.file}:${object.freedAt.loc.line})`;
      out.push({
        kind: 'use-after-free',
        key: `use-after-free|${object?.label}|${site.function}:${site.loc.line}`,
        message: `${this.threadName(thread)} ${write ? 'writes' : 'reads'} ${path} in ${site.function}, but ${object?.label} was already freed${where}`,
        threads:
          object?.freedBy === undefined || object.freedBy === thread
            ? [thread]
            : [thread, object.freedBy],
        sites: object?.freedAt === undefined ? [site] : [site, object.freedAt],
        // The freed object, not the member read: one free, one finding.
        subject: object?.label ?? path,
      });
    }
    for (const rule of this.rulesFor(path)) {
      const lock = draft.locks[rule.lock];
      if (lock !== undefined && holds(lock, thread, rule.mode)) continue;
      out.push({
        kind: 'missing-lock',
        key: `missing-lock|guard|${rule.lock}|${path}|${site.function}:${site.loc.line}`,
        message: `${this.threadName(thread)} ${write ? 'writes' : 'reads'} ${path} in ${site.function} without holding ${rule.lock}${rule.mode === 'write' ? ' for write' : ''}, which guards it ("${rule.text}", ${rule.loc.file}:${rule.loc.line})`,
        threads: [thread],
        sites: [site, { function: rule.path, loc: rule.loc }],
        // What the rule guards, not the member touched: one rule broken, one finding.
        subject: rule.path,
      });
    }
  }

  private cacheUseAfterFree(
    draft: Draft,
    thread: number,
    id: number,
    what: string,
    site: Site,
    out: Violation[],
  ): void {
    const object = draft.objects[id];
    const freedAt = object?.freedAt;
    out.push({
      kind: 'use-after-free',
      key: `use-after-free|${object?.label}|${site.function}:${site.loc.line}`,
      message: `${this.threadName(thread)} uses ${what} in ${site.function}, but it was already freed${freedAt === undefined ? '' : ` (in ${freedAt.function} at ${freedAt.loc.file}:${freedAt.loc.line})`}`,
      threads: [thread],
      sites: freedAt === undefined ? [site] : [site, freedAt],
      subject: object?.label ?? what,
    });
  }

  private mightSleep(
    draft: Draft,
    thread: number,
    what: string,
    site: Site,
    out: Violation[],
  ): void {
    const atomic = this.heldPaths(draft, thread).locks.filter((lock) =>
      isAtomicWhileHeld(lock.kind),
    );
    const first = atomic[0];
    if (first === undefined) return;
    out.push({
      kind: 'sleep-in-atomic',
      key: `sleep-in-atomic|${first.path}|${site.function}:${site.loc.line}`,
      message: `${this.threadName(thread)} may sleep (${what}) in ${site.function} while holding ${atomic.map((lock) => `${lock.path} (${lock.kind})`).join(', ')}`,
      threads: [thread],
      sites: [site],
      subject: first.path,
    });
  }

  private freeObject(
    draft: Draft,
    thread: number,
    id: number,
    api: string,
    site: Site,
    out: Violation[],
  ): void {
    const object = draft.objects[id];
    if (object === undefined) return;
    if (object.freed) {
      const first = object.freedAt;
      const sites = first === undefined ? [site] : [site, first];
      const key = [...sites]
        .map((s) => `${s.function}:${s.loc.line}`)
        .sort()
        .join('+');
      out.push({
        kind: 'double-free',
        key: `double-free|${object.label}|${key}`,
        message: `${this.threadName(thread)} frees ${object.label} again with ${api} in ${site.function}${first === undefined ? '' : `; it was freed in ${first.function} at ${first.loc.file}:${first.loc.line}`}`,
        threads:
          object.freedBy === undefined || object.freedBy === thread
            ? [thread]
            : [thread, object.freedBy],
        sites,
        subject: object.label,
      });
      return;
    }
    draft.setObject(id, { ...object, freed: true, freedAt: site, freedBy: thread });
  }

  private newObject(draft: Draft, label: string): number {
    return draft.addObject({ label, freed: false, owned: true });
  }

  /**
   * A step's successor. What a step does depends only on the world, the
   * moving thread (its index and state) and the choice, so outside policy
   * runs (whose world model keeps state of its own) the outcome is kept in
   * the world's cell and replayed for every state that shares the world and
   * has the thread where it was: the successor takes the moving thread and
   * the world of the kept outcome, the other threads of `state`.
   */
  apply(state: SimState, step: SimStep): { state: SimState; violations: readonly Violation[] } {
    const key = this.outcomeKey(state, step);
    if (key === undefined) {
      this.stepsComputed += 1;
      return this.applyOnce(state, step);
    }
    const cell = state.world;
    cell.steps ??= new Map();
    const outcome = cell.steps.get(key);
    if (outcome === undefined) {
      this.stepsComputed += 1;
      const applied = this.applyOnce(state, step);
      const world = this.shareWorld(applied.state);
      // Kept without the other threads of this state, which the outcome does not depend on.
      cell.steps.set(key, {
        thread: applied.state.threads[step.thread] as ThreadState,
        world,
        violations: applied.violations,
      });
      return world.world === applied.state.world
        ? applied
        : { state: withWorld(applied.state.threads, world), violations: applied.violations };
    }
    const threads = state.threads.slice();
    threads[step.thread] = outcome.thread;
    return { state: withWorld(threads, outcome.world), violations: outcome.violations };
  }

  /**
   * Where a step's outcome is kept in its world's cell: by the moving
   * thread's id, the choice and the thread's index. Undefined when outcomes
   * are not kept, or the thread waits for read sections (its id is not its own).
   */
  private outcomeKey(state: SimState, step: SimStep): number | undefined {
    const moving = state.threads[step.thread];
    if (!this.reuseSteps || moving === undefined) return undefined;
    const id = this.encoder.threadId(moving);
    if (id === undefined) return undefined;
    return (id * MAX_CHOICES + step.choice) * this.entries.length + step.thread;
  }

  /**
   * The world to keep for a step that made `made`: the first world met
   * exactly like it, so every state with that world shares one cell and the
   * outcomes kept there — worlds reached along different interleavings (the
   * same locks taken in another order) are one world.
   */
  private shareWorld(made: SimWorld): SimWorld {
    const id = this.encoder.exactWorld(made);
    let known = this.worlds.get(id);
    if (known === undefined) {
      // The parts alone: a state would keep its threads alive with it.
      known = {
        locks: made.locks,
        srcu: made.srcu,
        fields: made.fields,
        caches: made.caches,
        objects: made.objects,
        world: made.world,
      };
      this.worlds.set(id, known);
    }
    return known;
  }

  /**
   * Writes the successor's key and returns the step's violations, without
   * building the successor, when the step's outcome is kept (see `apply`);
   * undefined when it is not, and the step must be applied.
   */
  peek(state: SimState, step: SimStep, into: KeyBuffer): readonly Violation[] | undefined {
    const key = this.outcomeKey(state, step);
    const outcome = key === undefined ? undefined : state.world.steps?.get(key);
    if (outcome === undefined) return undefined;
    this.encoder.keyInto(state, step.thread, outcome.thread, outcome.world, into);
    return outcome.violations;
  }

  private applyOnce(state: SimState, step: SimStep): { state: SimState; violations: Violation[] } {
    const at = this.current(state, step.thread);
    if (at === undefined) throw new Error(`thread ${step.thread} cannot move`);
    const { instr, fn } = at;
    const thread = step.thread;
    const draft = new Draft(state);
    const out: Violation[] = [];
    const frame: Frame = at.frame;
    const site = this.site(fn, frame.pc);
    let slots = frame.slots as (Value | undefined)[];
    let copied = false;
    const own = () => {
      if (!copied) {
        slots = [...slots];
        copied = true;
      }
      return slots;
    };
    let pc = frame.pc + 1;
    let waitFor: readonly number[] | undefined;
    let stopped = false;
    const context = (): EvalContext => ({ slots, params: this.params, helpers: this.helpers });
    const value = (expr: CExpr) => evaluate(expr, context());

    switch (instr.op) {
      case 'branch': {
        pc = step.choice === 0 ? frame.pc + 1 : instr.else;
        break;
      }
      case 'read':
        for (const read of instr.reads) {
          const path = resolvePath(read.path, slots);
          this.checkAccess(draft, thread, path, false, site, out);
          own()[read.slot] =
            read.kind === 'field'
              ? this.readField(draft, path)
              : { cache: draft.caches[path] ?? EMPTY_CACHE };
        }
        break;
      case 'lock': {
        const path = resolvePath(instr.lock, slots);
        const lock = this.lockState(draft, path, site, instr.lock);
        const check = canAcquire(lock, thread, instr.mode);
        const mayFail = instr.mayFail;
        if (mayFail !== undefined && (step.choice === 1 || (!mayFail.blocks && !check.ok))) {
          own()[mayFail.slot] = mayFail.failureValue;
          break;
        }
        if (acquireMaySleep(lock.kind) && !(instr.mayFail !== undefined && !instr.mayFail.blocks))
          this.mightSleep(draft, thread, lockApi(lock.kind, instr.mode, false, false), site, out);
        const held = this.heldPaths(draft, thread);
        for (const outer of [...held.locks.map((h) => h.path), ...held.srcu]) {
          if (outer === path) continue;
          out.push({
            kind: 'lock-edge',
            key: `lock-edge|${outer}|${path}`,
            message: `${this.threadName(thread)} takes ${path} while holding ${outer} in ${site.function}`,
            threads: [thread],
            sites: [site],
            edge: { from: outer, to: path },
          });
        }
        draft.setLock(path, acquire(lock, thread, instr.mode));
        if (instr.mayFail !== undefined) own()[instr.mayFail.slot] = instr.mayFail.successValue;
        break;
      }
      case 'unlock': {
        const path = resolvePath(instr.lock, slots);
        const lock = this.lockState(draft, path, site, instr.lock);
        const released = release(lock, thread, instr.mode);
        if (released.ok) draft.setLock(path, released.lock);
        else
          out.push({
            kind: 'missing-lock',
            key: `missing-lock|unlock|${path}|${site.function}:${site.loc.line}`,
            message: `${this.threadName(thread)} releases ${path} (${lockApi(lock.kind, instr.mode, true, false)}) in ${site.function} without holding it`,
            threads: [thread],
            sites: [site],
            subject: path,
          });
        break;
      }
      case 'srcu_read_lock': {
        const path = this.srcuPath(instr.srcu, frame, site);
        draft.setSrcu(path, srcuReadLock(draft.srcu[path] ?? EMPTY_SRCU, thread).state);
        if (instr.slot !== undefined) own()[instr.slot] = 0;
        break;
      }
      case 'srcu_read_unlock': {
        const path = this.srcuPath(instr.srcu, frame, site);
        const released = srcuReadUnlock(draft.srcu[path] ?? EMPTY_SRCU, thread);
        if (released.ok) draft.setSrcu(path, released.state);
        else
          out.push({
            kind: 'missing-lock',
            key: `missing-lock|srcu_read_unlock|${path}|${site.function}:${site.loc.line}`,
            message: `${this.threadName(thread)} calls srcu_read_unlock(${path}) in ${site.function} outside a read section`,
            threads: [thread],
            sites: [site],
            subject: path,
          });
        break;
      }
      case 'synchronize_srcu': {
        const path = this.srcuPath(instr.srcu, frame, site);
        const current = state.threads[thread];
        if (current?.waitFor !== undefined) break; // the grace period elapsed: return
        this.mightSleep(draft, thread, `synchronize_srcu(${path})`, site, out);
        for (const outer of this.heldPaths(draft, thread).locks.map((h) => h.path))
          out.push({
            kind: 'lock-edge',
            key: `lock-edge|${outer}|${path}`,
            message: `${this.threadName(thread)} waits for ${path} readers (synchronize_srcu) while holding ${outer} in ${site.function}`,
            threads: [thread],
            sites: [site],
            edge: { from: outer, to: path },
          });
        const waitSet = gracePeriodWaitSet(draft.srcu[path] ?? EMPTY_SRCU);
        if (waitSet.length > 0) {
          waitFor = waitSet;
          pc = frame.pc;
        }
        break;
      }
      case 'access': {
        const path = resolvePath(instr.path, slots);
        this.checkAccess(draft, thread, path, instr.mode === 'write', site, out);
        break;
      }
      case 'assign': {
        const path = resolvePath(instr.path, slots);
        this.checkAccess(draft, thread, path, true, site, out);
        draft.setField(path, value(instr.value));
        break;
      }
      case 'alloc': {
        if (instr.mightSleep) this.mightSleep(draft, thread, instr.api, site, out);
        const result: Value =
          step.choice === 1 ? null : { object: this.newObject(draft, instr.object) };
        if ('slot' in instr.target) own()[instr.target.slot] = result;
        else {
          const path = resolvePath(instr.target.path, slots);
          this.checkAccess(draft, thread, path, true, site, out);
          draft.setField(path, result);
        }
        break;
      }
      case 'free': {
        const freed = value(instr.value);
        if (isObjectRef(freed)) this.freeObject(draft, thread, freed.object, instr.api, site, out);
        break;
      }
      case 'cache_topup':
      case 'cache_alloc':
      case 'cache_free': {
        // With a world model the page-table operation that follows takes its
        // pages itself: the extractor's one-page stand-in for it is not run.
        if (
          instr.op === 'cache_alloc' &&
          this.options.world !== undefined &&
          this.standsIn(fn, frame.pc)
        )
          break;
        const path = resolvePath(instr.cache, slots);
        this.checkAccess(draft, thread, path, true, site, out);
        const snapshotValue = slots[instr.snapshot];
        const snapshot =
          snapshotValue !== undefined &&
          snapshotValue !== null &&
          typeof snapshotValue === 'object' &&
          'cache' in snapshotValue
            ? snapshotValue.cache
            : (draft.caches[path] ?? EMPTY_CACHE);
        // The values read a step ago may name memory another thread freed since:
        // topping up or allocating through a freed objects array is a use after free.
        if (
          instr.op !== 'cache_free' &&
          snapshot.objects !== null &&
          draft.objects[snapshot.objects]?.freed === true
        )
          this.cacheUseAfterFree(draft, thread, snapshot.objects, `${path}.objects`, site, out);
        const allocator = {
          allocate: (what: 'array' | 'page') => this.newObject(draft, cacheObjectLabel(path, what)),
        };
        let step;
        if (instr.op === 'cache_free') step = freeMemoryCache(snapshot);
        else if (instr.op === 'cache_alloc') step = allocFromMemoryCache(snapshot, allocator);
        else {
          const capacity = value(instr.capacity);
          // A minimum the model cannot evaluate (kvm_mmu_cache_min_pages() of an
          // unknown MMU) is at least one page: an empty cache is filled, a
          // non-empty one left as is.
          const minimum = value(instr.min);
          const min = typeof minimum === 'number' ? minimum : 1;
          if (typeof capacity !== 'number') {
            out.push({
              kind: 'notice',
              key: `notice|topup|${site.function}:${site.loc.line}`,
              message: `the capacity of the topup in ${site.function} could not be evaluated; the topup was not simulated`,
              threads: [thread],
              sites: [site],
            });
            if (instr.slot !== undefined) own()[instr.slot] = { unknown: 'topup result' };
            break;
          }
          step = topupMemoryCache(snapshot, capacity, min, allocator);
        }
        let slept = false;
        for (const event of step.events) {
          if (event.kind === 'free')
            this.freeObject(draft, thread, event.object, event.api, site, out);
          else if (event.kind === 'might-sleep' && !slept) {
            slept = true;
            this.mightSleep(draft, thread, event.reason, site, out);
          } else if (event.kind === 'warn')
            out.push({
              kind: 'warn',
              key: `warn|${event.message.replace(/\d+/g, 'N')}|${site.function}:${site.loc.line}`,
              message: `${event.api} in the memory cache (${path}) reached from ${site.function}: ${event.message}`,
              threads: [thread],
              sites: [site],
              subject: path,
            });
        }
        if (
          instr.op === 'cache_alloc' &&
          typeof step.result === 'number' &&
          draft.objects[step.result]?.freed === true
        )
          this.cacheUseAfterFree(draft, thread, step.result, `a page of ${path}`, site, out);
        draft.setCache(path, step.cache);
        if ('slot' in instr && instr.slot !== undefined) {
          const result = step.result;
          own()[instr.slot] =
            result === undefined ? null : instr.op === 'cache_alloc' ? { object: result } : result;
        }
        break;
      }
      case 'assert_held': {
        const path = resolvePath(instr.lock, slots);
        const kind = lockKindOf(this.catalogue, path);
        const ok =
          kind === 'srcu'
            ? (draft.srcu[path]?.readers ?? []).some((reader) => reader.thread === thread)
            : holds(this.lockState(draft, path, site, instr.lock), thread, instr.mode);
        if (!ok)
          out.push({
            kind: 'missing-lock',
            key: `missing-lock|assert|${path}|${site.function}:${site.loc.line}`,
            message: `${instr.api}(${path}) fails in ${site.function}: ${this.threadName(thread)} ${this.locksHeld(draft.done(), thread).length === 0 ? 'holds no lock' : `holds only ${this.locksHeld(draft.done(), thread).join(', ')}`}`,
            threads: [thread],
            sites: [site],
            subject: path,
          });
        break;
      }
      case 'warn': {
        const cond = value(instr.cond);
        if (instr.slot !== undefined) own()[instr.slot] = cond;
        if (truthy(cond) === true) {
          out.push({
            kind: 'warn',
            key: `warn|${instr.api}|${site.function}:${site.loc.line}`,
            message: `${instr.api} fires in ${site.function} (${this.threadName(thread)})`,
            threads: [thread],
            sites: [site],
            codeCondition: true,
          });
          if (instr.fatal) stopped = true;
        }
        break;
      }
      case 'might_sleep':
        this.mightSleep(draft, thread, instr.reason, site, out);
        break;
      case 'world': {
        const target = instr.args[0] === undefined ? undefined : value(instr.args[0]);
        if (
          target !== undefined &&
          isObjectRef(target) &&
          draft.objects[target.object]?.freed === true
        ) {
          const object = draft.objects[target.object];
          out.push({
            kind: 'use-after-free',
            key: `use-after-free|${object?.label}|${site.function}:${site.loc.line}`,
            message: `${this.threadName(thread)} runs ${instr.action} in ${site.function} on ${object?.label}, which was already freed`,
            threads: [thread],
            sites: object?.freedAt === undefined ? [site] : [site, object.freedAt],
            subject: object?.label ?? instr.action,
          });
        } else if (
          target !== undefined &&
          typeof target === 'object' &&
          target !== null &&
          'address' in target
        )
          this.checkAccess(draft, thread, target.address, true, site, out);
        const world = this.options.world;
        const result =
          world === undefined
            ? 0
            : world.apply({
                action: instr.action,
                args: instr.args.map((arg) => value(arg)),
                site,
                available: (cache) => (draft.caches[cache] ?? EMPTY_CACHE).nobjs,
                take: (cache, count) => {
                  const taken = takeFromMemoryCache(draft.caches[cache] ?? EMPTY_CACHE, count);
                  if (taken === undefined)
                    throw new Error(`${cache} holds fewer than ${count} pages`);
                  draft.setCache(cache, taken.cache);
                  // The pages are table pages now: the page table frees them, not the cache.
                  for (const page of taken.pages) {
                    const object = draft.objects[page];
                    if (object !== undefined) draft.setObject(page, { ...object, owned: false });
                  }
                },
              });
        if (instr.slot !== undefined) own()[instr.slot] = result;
        break;
      }
      default:
        throw new Error(`unreachable: ${(instr as Instr).op} is not a scheduling point`);
    }

    for (const slot of instr.kill ?? []) own()[slot] = undefined;
    const frames = [...(state.threads[thread]?.frames ?? [])];
    if (stopped) draft.threads[thread] = new ThreadState([], true);
    else if (waitFor !== undefined) {
      frames[frames.length - 1] = new Frame(frame.fn, pc, slots);
      draft.threads[thread] = new ThreadState(frames, false, waitFor);
    } else this.runLocal(draft, thread, out, frames, frame.fn, pc, slots, copied);
    return { state: draft.done(), violations: out };
  }

  /** Runs a thread's local instructions up to its next scheduling point. */
  private advance(draft: Draft, thread: number, out: Violation[]): void {
    const current = draft.threads[thread];
    const top = current?.frames.at(-1);
    if (current === undefined || top === undefined) return;
    this.runLocal(draft, thread, out, [...current.frames], top.fn, top.pc, top.slots, false);
  }

  /**
   * `advance` from a position given apart: `frames` is the thread's stack,
   * owned by the caller, whose last entry stands for the frame at
   * (`fnIndex`, `pc`, `topSlots`); `copied` says `topSlots` is owned too. The
   * thread's new state is built once, at the next scheduling point.
   */
  private runLocal(
    draft: Draft,
    thread: number,
    out: Violation[],
    frames: Frame[],
    fnIndex: number,
    start: number,
    topSlots: readonly (Value | undefined)[],
    owned: boolean,
  ): void {
    let slots = topSlots as (Value | undefined)[];
    let copied = owned;
    const own = () => {
      if (!copied) {
        slots = [...slots];
        copied = true;
      }
      return slots;
    };
    let pc = start;
    let fn = this.fn(fnIndex);
    for (let fuel = 0; fuel < 1_000_000; fuel += 1) {
      const instr = fn.code[pc];
      if (instr === undefined) throw new Error(`pc ${pc} outside ${fn.name}`);
      if (isVisible(instr)) break;
      const context: EvalContext = { slots, params: this.params, helpers: this.helpers };
      const kill = () => {
        if ('kill' in instr) for (const slot of instr.kill ?? []) own()[slot] = undefined;
      };
      if (instr.op === 'set') {
        own()[instr.slot] = evaluate(instr.value, context);
        kill();
        pc += 1;
      } else if (instr.op === 'jump') pc = instr.to;
      else if (instr.op === 'branch') {
        const cond = truthy(evaluate(instr.cond, context));
        if (cond === undefined) break; // a choice for the scheduler
        kill();
        pc = cond ? pc + 1 : instr.else;
      } else if (instr.op === 'bound') {
        const count = slots[instr.slot];
        if (typeof count === 'number' && count >= instr.bound) {
          out.push({
            kind: 'notice',
            key: `notice|loop-bound|${fn.name}:${instr.loc.line}`,
            message: `the loop in ${fn.name} at ${instr.loc.file}:${instr.loc.line} was cut after ${instr.bound} iterations`,
            threads: [thread],
            sites: [{ function: fn.name, loc: instr.loc }],
          });
          pc = instr.exit;
        } else pc += 1;
      } else if (instr.op === 'call') {
        const args = instr.args.map((arg) => evaluate(arg, context));
        kill();
        const recursion = instr.callee >= 0 && activations(frames, instr.callee) >= MAX_RECURSION;
        if (instr.callee < 0 || frames.length >= MAX_CALL_DEPTH || recursion) {
          if (instr.callee >= 0)
            out.push({
              kind: 'notice',
              key: `notice|${recursion ? 'recursion' : 'call-depth'}|${fn.name}:${instr.loc.line}`,
              message: recursion
                ? `${instr.name} recurses more than once at ${fn.name} (${instr.loc.file}:${instr.loc.line}); the deeper call ran as an opaque call`
                : `calls nested deeper than ${MAX_CALL_DEPTH} at ${fn.name}; ${instr.name} ran as an opaque call`,
              threads: [thread],
              sites: [{ function: fn.name, loc: instr.loc }],
            });
          if (instr.slot !== undefined) own()[instr.slot] = { unknown: `result of ${instr.name}` };
          pc += 1;
        } else {
          frames[frames.length - 1] = new Frame(fn.index, pc + 1, slots);
          fn = this.fn(instr.callee);
          slots = fn.slots.map((_, index) => (index < fn.params.length ? args[index] : undefined));
          copied = true;
          pc = 0;
          frames.push(new Frame(fn.index, pc, slots));
        }
      } else {
        // ret
        const result = instr.value === undefined ? undefined : evaluate(instr.value, context);
        frames.pop();
        const caller = frames.at(-1);
        if (caller === undefined) {
          draft.threads[thread] = new ThreadState([], false, undefined, result);
          return;
        }
        fn = this.fn(caller.fn);
        slots = caller.slots as (Value | undefined)[];
        copied = false;
        pc = caller.pc;
        const call = fn.code[pc - 1];
        if (call?.op === 'call' && call.slot !== undefined)
          own()[call.slot] =
            result === undefined ? { unknown: `${instr.op} without value` } : result;
      }
    }
    frames[frames.length - 1] = new Frame(fn.index, pc, slots);
    draft.threads[thread] = new ThreadState(frames, false);
  }

  /** Whether the cache_alloc at `pc` is the stand-in for the world operation right after it. */
  private standsIn(fn: CompiledFunction, pc: number): boolean {
    const at = fn.code[pc];
    for (let next = pc + 1; next < fn.code.length; next += 1) {
      const instr = fn.code[next];
      if (instr === undefined || instr.op === 'jump' || instr.op === 'branch') return false;
      if (isVisible(instr)) return instr.op === 'world' && instr.loc.line === at?.loc.line;
    }
    return false;
  }

  /**
   * `thread` starts over in `entry` with `args`, after `fields` are stored: the
   * policy runner's way to make one call after another on one world. The
   * thread must have finished its previous call.
   */
  restart(
    state: SimState,
    thread: number,
    entry: string,
    args: readonly Value[],
    fields: Readonly<Record<Path, Value>> = {},
  ): { state: SimState; violations: Violation[] } {
    const fn = this.program.byName.get(entry);
    if (fn === undefined)
      throw new ProgramInputError(`'${entry}' is not in the program`, undefined, undefined);
    if (args.length !== fn.params.length)
      throw new ProgramInputError(
        `${entry} takes ${fn.params.length} arguments, ${args.length} given`,
        fn.name,
        fn.loc,
      );
    const draft = new Draft(state);
    for (const [path, value] of Object.entries(fields)) draft.setField(path, value);
    const slots: (Value | undefined)[] = fn.slots.map((_, index) => args[index]);
    draft.threads[thread] = new ThreadState([new Frame(fn.index, 0, slots)], false);
    const out: Violation[] = [];
    this.advance(draft, thread, out);
    return { state: draft.done(), violations: out };
  }

  // ---- state detectors ------------------------------------------------------

  /** What a poised thread is about to touch: paths and whether it writes. */
  poisedAccesses(state: SimState, thread: number): readonly PoisedAccess[] {
    const t = state.threads[thread];
    if (t === undefined || t.stopped || t.waitFor !== undefined) return NOTHING_POISED;
    const frame = t.frames[t.frames.length - 1];
    if (frame === undefined) return NOTHING_POISED;
    if (frame.poised === undefined) {
      const at = this.current(state, thread);
      frame.poised = at === undefined ? NOTHING_POISED : this.poisedAt(at);
    }
    return frame.poised;
  }

  private poisedAt(at: { instr: Instr; frame: Frame; fn: CompiledFunction }): PoisedAccess[] {
    const { instr, frame, fn } = at;
    const site = this.site(fn, frame.pc);
    const path = (ref: PathRef) => resolvePath(ref, frame.slots);
    switch (instr.op) {
      case 'read':
        return instr.reads.map((read) => ({ path: path(read.path), write: false, site }));
      case 'access':
        return [{ path: path(instr.path), write: instr.mode === 'write', site }];
      case 'assign':
        return [{ path: path(instr.path), write: true, site }];
      case 'cache_topup':
      case 'cache_alloc':
      case 'cache_free':
        return [{ path: path(instr.cache), write: true, site }];
      case 'alloc':
        return 'path' in instr.target ? [{ path: path(instr.target.path), write: true, site }] : [];
      default:
        return [];
    }
  }

  stateViolations(state: SimState, enabled: readonly SimStep[]): Violation[] {
    const out: Violation[] = [];
    if (state === this.initialState) out.push(...this.initialNotices);
    // Data races: two threads poised at conflicting accesses to one location.
    const poised = this.poisedScratch;
    let accessing = 0;
    for (let thread = 0; thread < state.threads.length; thread += 1) {
      poised[thread] = this.poisedAccesses(state, thread);
      if ((poised[thread] as readonly PoisedAccess[]).length > 0) accessing += 1;
    }
    poised.length = state.threads.length;
    for (let a = 0; accessing > 1 && a < poised.length; a += 1) {
      const lefts = poised[a] as readonly PoisedAccess[];
      if (lefts.length === 0) continue;
      for (let b = a + 1; b < poised.length; b += 1) {
        const rights = poised[b] as readonly PoisedAccess[];
        if (rights.length === 0) continue;
        const races = this.racesBetween(state, a, b, lefts, rights);
        for (let index = 0; index < races.length; index += 1) out.push(races[index] as Violation);
      }
    }
    if (enabled.length > 0) return out;
    const blocked = state.threads.flatMap((thread, index) =>
      thread.frames.length > 0 && !thread.stopped ? [index] : [],
    );
    if (blocked.length > 0) {
      out.push(this.deadlock(state, blocked));
      return out;
    }
    if (this.input.destroysVm === true) {
      const leaked = new Map<string, number[]>();
      state.objects.forEach((object, id) => {
        if (object.owned && !object.freed)
          leaked.set(object.label, [...(leaked.get(object.label) ?? []), id]);
      });
      for (const [label, ids] of leaked)
        out.push({
          kind: 'leak',
          key: `leak|${label}`,
          message: `${ids.length === 1 ? label : `${ids.length} × ${label}`} still allocated when the scenario ends with the VM destroyed`,
          threads: [],
          sites: [],
          subject: label,
        });
    }
    return out;
  }

  /**
   * The data races of threads `a` and `b` poised at `lefts` and `rights`.
   * What a thread is poised at depends only on its innermost frame, so the
   * answer is kept per pair of threads and pair of frame ids.
   */
  private racesBetween(
    state: SimState,
    a: number,
    b: number,
    lefts: readonly PoisedAccess[],
    rights: readonly PoisedAccess[],
  ): readonly Violation[] {
    const left = state.threads[a]?.frames.at(-1)?.keyId ?? -1;
    const right = state.threads[b]?.frames.at(-1)?.keyId ?? -1;
    if (left < 0 || right < 0) return this.races(a, b, lefts, rights);
    // Frame ids are dense small integers: tables indexed by them, not maps.
    const byLeft = (this.raceMemo[a * this.entries.length + b] ??= []);
    const byRight = (byLeft[left] ??= []);
    let races = byRight[right];
    if (races === undefined) {
      races = this.races(a, b, lefts, rights);
      byRight[right] = races;
    }
    return races;
  }

  private races(
    a: number,
    b: number,
    lefts: readonly PoisedAccess[],
    rights: readonly PoisedAccess[],
  ): readonly Violation[] {
    const out: Violation[] = [];
    for (const left of lefts) {
      for (const right of rights) {
        if (!(left.write || right.write)) continue;
        if (!sameMemory(left.path, right.path)) continue;
        const subject = left.path.length <= right.path.length ? left.path : right.path;
        const sites = [left.site, right.site];
        out.push({
          kind: 'data-race',
          key: `data-race|${subject}|${sites
            .map((s) => `${s.function}:${s.loc.line}`)
            .sort()
            .join('+')}`,
          message: `${this.threadName(a)} (${left.write ? 'write' : 'read'} in ${left.site.function}) and ${this.threadName(b)} (${right.write ? 'write' : 'read'} in ${right.site.function}) access ${subject} concurrently with no common lock`,
          threads: [a, b],
          sites,
          subject,
          then: [
            { thread: a, choice: 0 },
            { thread: b, choice: 0 },
          ],
        });
      }
    }
    return out.length === 0 ? NO_VIOLATIONS : out;
  }

  /**
   * A state where the live threads are all blocked. Its root cause is the
   * cycle of the wait-for graph (a thread waits for the holders of the lock
   * it wants, or for the read sections `synchronize_srcu` waits on): the
   * threads on a cycle, and the locks they wait for, make the finding's
   * identity; threads merely blocked behind them are named in the message.
   * Without a cycle (a lock left held by a thread that finished), every
   * blocked thread is the cause.
   */
  private deadlock(state: SimState, blocked: readonly number[]): Violation {
    const waits = new Map<number, { text: string; site: Site; on: string; for: number[] }>();
    for (const thread of blocked) {
      const at = this.current(state, thread);
      if (at === undefined) continue;
      const { instr, frame, fn } = at;
      const site = { function: fn.name, loc: instr.loc };
      const name = (other: number) => (other === thread ? 'itself' : this.threadName(other));
      if (instr.op === 'lock') {
        const path = resolvePath(instr.lock, frame.slots);
        const holders = [...new Set((state.locks[path]?.holders ?? []).map((h) => h.thread))];
        waits.set(thread, {
          text: `${this.threadName(thread)} waits in ${fn.name} for ${path}, held by ${holders.map(name).join(' and ')}`,
          site,
          on: path,
          for: holders,
        });
      } else if (instr.op === 'synchronize_srcu') {
        const path = resolvePath(instr.srcu, frame.slots);
        const readers = [
          ...new Set(
            (state.srcu[path]?.readers ?? [])
              .filter((reader) => state.threads[thread]?.waitFor?.includes(reader.id))
              .map((reader) => reader.thread),
          ),
        ];
        waits.set(thread, {
          text: `${this.threadName(thread)} waits in synchronize_srcu(${path}) in ${fn.name} for the read section of ${readers.map(name).join(' and ')}`,
          site,
          on: path,
          for: readers,
        });
      } else
        waits.set(thread, {
          text: `${this.threadName(thread)} is stuck in ${fn.name}`,
          site,
          on: fn.name,
          for: [],
        });
    }
    const cyclic = blocked.filter((thread) => onWaitCycle(thread, (t) => waits.get(t)?.for ?? []));
    const causes = cyclic.length > 0 ? cyclic : blocked;
    const behind = blocked.filter((thread) => !causes.includes(thread));
    const text = (threads: readonly number[]) =>
      threads.flatMap((thread) => waits.get(thread)?.text ?? []).join('; ');
    const sites = causes.flatMap((thread) => waits.get(thread)?.site ?? []);
    return {
      kind: 'deadlock',
      key: `deadlock|${sites
        .map((site) => `${site.function}:${site.loc.line}`)
        .sort()
        .join('+')}`,
      message: `deadlock: ${text(causes)}${behind.length === 0 ? '' : ` (blocked behind it: ${text(behind)})`}`,
      threads: [...causes],
      sites,
      subject: [...new Set(causes.flatMap((thread) => waits.get(thread)?.on ?? []))]
        .sort()
        .join(' + '),
    };
  }

  // ---- partial-order reduction ------------------------------------------------

  footprint(state: SimState, step: SimStep): Resource[] {
    return stepFootprint(this, state, step);
  }

  /**
   * The steps of the first thread whose every enabled step touches nothing
   * any other live thread may still touch (from where each of its frames
   * stands); all enabled steps when there is none.
   */
  persistent(state: SimState, enabled: readonly SimStep[]): readonly SimStep[] {
    // `enabled` lists each thread's steps together, threads in order.
    for (let start = 0; start < enabled.length;) {
      const thread = (enabled[start] as SimStep).thread;
      let end = start + 1;
      while (end < enabled.length && (enabled[end] as SimStep).thread === thread) end += 1;
      if (this.runsAlone(state, thread, enabled, start, end))
        return start === 0 && end === enabled.length ? enabled : enabled.slice(start, end);
      start = end;
    }
    return enabled;
  }

  /** Whether none of `steps[start..end)` of `thread` touches what another live thread may still touch. */
  private runsAlone(
    state: SimState,
    thread: number,
    steps: readonly SimStep[],
    start: number,
    end: number,
  ): boolean {
    for (let index = start; index < end; index += 1) {
      const resources = this.footprint(state, steps[index] as SimStep);
      for (let other = 0; other < state.threads.length; other += 1) {
        const t = state.threads[other] as ThreadState;
        if (other === thread || t.stopped) continue;
        for (const frame of t.frames) {
          const remaining = (frame.remaining ??= this.remaining.at(
            frame.fn,
            frame.pc,
            frame.slots,
          ));
          for (const resource of resources) if (remaining.touches(resource)) return false;
        }
      }
    }
    return true;
  }

  independent(state: SimState, a: SimStep, b: SimStep): boolean {
    if (a.thread === b.thread) return false;
    return !conflicts(this.footprint(state, a), this.footprint(state, b));
  }

  /** The visible instruction of a step, for traces. */
  stepInstr(state: SimState, step: SimStep): { instr: Instr; frame: Frame; fn: CompiledFunction } {
    const at = this.current(state, step.thread);
    if (at === undefined) throw new Error(`thread ${step.thread} cannot move`);
    return at;
  }
}

export type { VisibleInstr };
