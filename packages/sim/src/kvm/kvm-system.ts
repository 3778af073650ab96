// The KVM world as a transition system: threads running compiled IR against
// the locks, SRCU, fields, memory caches and heap objects of @kvmsim/mmu-model.
// What each operation does is in the table of operations (ops/); this class
// schedules them: it keeps the state, runs thread-local code between
// scheduling points, caches step outcomes, and asks the state detectors
// (data races, deadlocks, leaks) about each state. The lock-order detector,
// which looks at all explored executions at once, is assembled from lock
// edges in simulate.ts.
import type {
  GuardRule,
  HelperContext,
  LockCatalogue,
  LockKind,
  LockState,
  MemoryCache,
  Path,
  SrcuState,
} from '@kvmsim/mmu-model';
import { EMPTY_CACHE, lockKindOf, newLock } from '@kvmsim/mmu-model';
import type { KeyBuffer } from '../engine/key-table.js';
import type { TransitionSystem } from '../engine/transition-system.js';
import { operation } from '../ops/index.js';
import type { EnableAt, OpEvent } from '../ops/operation.js';
import type {
  CExpr,
  CompiledFunction,
  CompiledProgram,
  Instr,
  PathRef,
  VisibleInstr,
} from '../program/compiled.js';
import { isVisible } from '../program/compiled.js';
import { evaluate, resolvePath } from '../program/eval-expr.js';
import { ProgramInputError } from '../program/program-input-error.js';
import type { Value } from '../program/values.js';
import { isObjectRef, showValue } from '../program/values.js';
import { Draft } from './draft.js';
import type { InitialWorld, SimulationInput } from './simulation-input.js';
import { initialWorld } from './initial-world.js';
import { inputLockCatalogue } from './input-catalogue.js';
import type { Observation } from './observation.js';
import type { HeapObject, SimState, SimStep, SimWorld, Site } from './sim-state.js';
import { Frame, MAX_CHOICES, StateEncoder, ThreadState, WorldCell, stepRank } from './sim-state.js';
import { StepContext, type StepHost } from './step-context.js';
import { StateDetectors } from './state-detectors.js';
import { pathPrefixes, pathWithin } from './paths.js';
import { runLocal } from './run-local.js';
import { persistentSet } from './persistent-set.js';
import type { WorldModel } from './world-model.js';
import {
  RemainingFootprints,
  checkThread,
  conflicts,
  stepFootprint,
  type Resource,
} from './footprint.js';

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
  /** Receives the events operations emit (the policy runner's metrics). */
  readonly events?: (event: OpEvent) => void;
}

const CACHE_MEMBERS = ['capacity', 'nobjs', 'objects'] as const;

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

export class KvmSystem implements TransitionSystem<SimState, SimStep, Observation>, StepHost {
  readonly catalogue: LockCatalogue;
  private readonly guardRules: readonly GuardRule[];
  readonly params: Readonly<Record<string, number | boolean>>;
  readonly helpers: HelperContext | undefined;
  /** The world model of policy runs; absent in the race explorer. */
  readonly world: WorldModel | undefined;
  readonly events: ((event: OpEvent) => void) | undefined;
  readonly allocationFailures: boolean;
  private readonly entries: readonly CompiledFunction[];
  private readonly initialState: SimState;
  private readonly initialNotices: Observation[] = [];
  private readonly remaining: RemainingFootprints;
  private readonly detectors: StateDetectors;
  /** How many threads run. */
  readonly threadCount: number;
  readonly destroysVm: boolean;
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
  private readonly enabledScratch: SimStep[] = [];
  private readonly freeLocks = new Map<Path, LockState>();
  private readonly siteTable: Site[][] = [];

  constructor(
    readonly program: CompiledProgram,
    readonly input: SimulationInput,
    private readonly options: KvmSystemOptions,
  ) {
    this.encoder = options.encoder ?? new StateEncoder();
    this.reuseSteps = options.world === undefined && options.reuseSteps !== false;
    this.world = options.world;
    this.events = options.events;
    this.allocationFailures = options.allocationFailures;
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
    this.threadCount = this.entries.length;
    this.destroysVm = input.destroysVm === true;
    this.detectors = new StateDetectors(this);
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

  violationKey(violation: Observation): string {
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

  lockAt(
    state: { readonly locks: Readonly<Record<Path, LockState>> },
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

  lockKindOf(path: Path): LockKind | undefined {
    return lockKindOf(this.catalogue, path);
  }

  srcuPath(ref: PathRef, frame: Frame, site: Site): Path {
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
  site(fn: CompiledFunction, pc: number): Site {
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
    const at = this.enableAt;
    at.state = state;
    let count = 0;
    for (let index = 0; index < state.threads.length; index += 1) {
      const thread = state.threads[index] as ThreadState;
      const frame = thread.stopped ? undefined : thread.frames[thread.frames.length - 1];
      if (frame === undefined) continue;
      const fn = this.fn(frame.fn);
      const instr = fn.code[frame.pc];
      if (instr === undefined) throw new Error(`pc ${frame.pc} outside ${fn.name}`);
      if (instr.op === 'branch') {
        steps[count++] = this.step(index, 0);
        steps[count++] = this.step(index, 1);
        continue;
      }
      if (!isVisible(instr)) throw new Error(`${fn.name}:${frame.pc} is not a scheduling point`);
      at.thread = thread;
      at.index = index;
      at.frame = frame;
      at.fn = fn;
      for (const choice of operation(instr.op).enabled(instr, at))
        steps[count++] = this.step(index, choice);
    }
    return steps.slice(0, count);
  }

  /** Where the thread `enabled` asks about stands: one object, reused. */
  private readonly enableAt: EnableAt & {
    state: SimState;
    thread: ThreadState;
    index: number;
    frame: Frame;
    fn: CompiledFunction;
  } = {
    host: this,
    state: undefined as unknown as SimState,
    thread: undefined as unknown as ThreadState,
    index: 0,
    frame: undefined as unknown as Frame,
    fn: undefined as unknown as CompiledFunction,
    site: () => this.site(this.enableAt.fn, this.enableAt.frame.pc),
  };

  /** Locks and read sections `thread` holds, as `path (mode)`, sorted; then the atomic sections it is in. */
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
    for (const section of state.threads[thread]?.atomic ?? []) held.push(`${section} section`);
    return held;
  }

  /** The locks and SRCU structs `thread` holds, each sorted by path (the few held, not all known). */
  heldPaths(
    state: {
      readonly locks: Readonly<Record<Path, LockState>>;
      readonly srcu: Readonly<Record<Path, SrcuState>>;
    },
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

  rulesFor(path: Path): readonly GuardRule[] {
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

  /**
   * A step's successor. What a step does depends only on the world, the
   * moving thread (its index and state) and the choice, so outside policy
   * runs (whose world model keeps state of its own) the outcome is kept in
   * the world's cell and replayed for every state that shares the world and
   * has the thread where it was: the successor takes the moving thread and
   * the world of the kept outcome, the other threads of `state`.
   */
  apply(state: SimState, step: SimStep): { state: SimState; violations: readonly Observation[] } {
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
  peek(state: SimState, step: SimStep, into: KeyBuffer): readonly Observation[] | undefined {
    const key = this.outcomeKey(state, step);
    const outcome = key === undefined ? undefined : state.world.steps?.get(key);
    if (outcome === undefined) return undefined;
    this.encoder.keyInto(state, step.thread, outcome.thread, outcome.world, into);
    return outcome.violations;
  }

  private applyOnce(
    state: SimState,
    step: SimStep,
  ): { state: SimState; violations: Observation[] } {
    const at = this.current(state, step.thread);
    if (at === undefined) throw new Error(`thread ${step.thread} cannot move`);
    const { instr, fn, frame } = at;
    const thread = step.thread;
    const draft = new Draft(state);
    const out: Observation[] = [];
    if (instr.op === 'branch') {
      // An undecided branch: the choice is the side.
      const pc = step.choice === 0 ? frame.pc + 1 : instr.else;
      const frames = [...(state.threads[thread]?.frames ?? [])];
      const atomic = state.threads[thread]?.atomic;
      let slots = frame.slots;
      if (instr.kill !== undefined) {
        const cleared = [...slots];
        for (const slot of instr.kill) cleared[slot] = undefined;
        slots = cleared;
      }
      const owned = slots !== frame.slots;
      runLocal(this, draft, thread, out, frames, frame.fn, pc, slots, owned, atomic);
      return { state: draft.done(), violations: out };
    }
    if (!isVisible(instr)) throw new Error(`unreachable: ${instr.op} is not a scheduling point`);
    const context = new StepContext(
      this,
      state,
      draft,
      thread,
      step.choice,
      frame,
      fn,
      this.site(fn, frame.pc),
      out,
    );
    operation(instr.op).apply(instr, context);
    for (const slot of instr.kill ?? []) context.set(slot, undefined);
    const frames = [...(state.threads[thread]?.frames ?? [])];
    if (context.stopped) draft.threads[thread] = new ThreadState([], true);
    else if (context.waitFor !== undefined) {
      frames[frames.length - 1] = new Frame(frame.fn, context.pc, context.slots);
      draft.threads[thread] = new ThreadState(
        frames,
        false,
        context.waitFor,
        undefined,
        context.atomic,
      );
    } else
      runLocal(
        this,
        draft,
        thread,
        out,
        frames,
        frame.fn,
        context.pc,
        context.slots,
        context.copied,
        context.atomic,
      );
    return { state: draft.done(), violations: out };
  }

  /** Runs a thread's local instructions up to its next scheduling point. */
  private advance(draft: Draft, thread: number, out: Observation[]): void {
    const current = draft.threads[thread];
    const top = current?.frames.at(-1);
    if (current === undefined || top === undefined) return;
    runLocal(
      this,
      draft,
      thread,
      out,
      [...current.frames],
      top.fn,
      top.pc,
      top.slots,
      false,
      current.atomic,
    );
  }

  /** Whether the cache_alloc at `pc` is the stand-in for the world operation right after it. */
  standsIn(fn: CompiledFunction, pc: number): boolean {
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
  ): { state: SimState; violations: Observation[] } {
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
    const out: Observation[] = [];
    this.advance(draft, thread, out);
    return { state: draft.done(), violations: out };
  }

  stateViolations(state: SimState, enabled: readonly SimStep[]): Observation[] {
    const out = this.detectors.violations(state, enabled);
    if (state === this.initialState) out.unshift(...this.initialNotices);
    return out;
  }

  // ---- partial-order reduction ------------------------------------------------

  footprint(state: SimState, step: SimStep): Resource[] {
    return stepFootprint(this, state, step);
  }

  persistent(state: SimState, enabled: readonly SimStep[]): readonly SimStep[] {
    return persistentSet(state, enabled, (step) => this.footprint(state, step), this.remaining);
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
