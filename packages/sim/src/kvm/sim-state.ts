// The state the race explorer walks: every thread's call stack and the world
// (locks and their holders, SRCU read sections, modelled fields, memory
// caches, heap objects), with a canonical key for state hashing.
import type { LockState, MemoryCache, Path, SourceLocation, SrcuState } from '@kvmsim/mmu-model';
import type { Observation } from './observation.js';
import type { Footprint } from './footprint.js';
import type { Value } from '../program/values.js';
import { KeyBuffer } from '../engine/key-table.js';
import { encodeValue } from '../program/values.js';

/** What a thread poised at a statement is about to touch (for the data-race detector). */
export interface PoisedAccess {
  readonly path: Path;
  readonly write: boolean;
  readonly site: Site;
}

/**
 * One activation of a function. Frames are immutable values; the mutable
 * fields are caches of what is derived from them (filled in on first use),
 * kept on the object because a state key is built from every frame of every
 * state and a field read is much cheaper than a WeakMap lookup.
 */
export class Frame {
  /** The frame's interned id in its explorer's state encoder; -1 until encoded. */
  keyId = -1;
  /** What the statement at `pc` touches, once the data-race detector asked. */
  poised: readonly PoisedAccess[] | undefined = undefined;
  /** What the thread may still touch from here, once partial-order reduction asked. */
  remaining: Footprint | undefined = undefined;

  constructor(
    /** Index of the function in the compiled program. */
    readonly fn: number,
    readonly pc: number,
    readonly slots: readonly (Value | undefined)[],
  ) {}
}

/** A thread in no atomic section. */
export const NOT_ATOMIC: readonly string[] = Object.freeze([]);

export class ThreadState {
  /** The thread's interned id in its explorer's state encoder; -1 until encoded. */
  keyId = -1;

  constructor(
    /** The call stack, innermost last; empty once the entry returned. */
    readonly frames: readonly Frame[],
    /** A fatal BUG_ON stopped the thread. */
    readonly stopped: boolean,
    /** Inside synchronize_srcu: the read sections it waits for. */
    readonly waitFor?: readonly number[],
    /** What the entry returned, once it did. Not part of the state key. */
    readonly result?: Value,
    /** The atomic sections the thread is in (`preempt`, `irq`), innermost last. */
    readonly atomic: readonly string[] = NOT_ATOMIC,
  ) {}
}

/** A statement's place: the function it ran in and its source location. */
export interface Site {
  readonly function: string;
  readonly loc: SourceLocation;
}

export interface HeapObject {
  /** What it is, e.g. `nested_mmus` or `kvm.arch.mmu.split_page_cache.objects`. */
  readonly label: string;
  readonly freed: boolean;
  /** Where it was freed, for the double-free message. Not part of the state key. */
  readonly freedAt?: Site;
  /** The thread that freed it. Not part of the state key. */
  readonly freedBy?: number;
  /** Where the code allocated it (the leak finding's location); absent for objects the world starts with. */
  readonly allocatedAt?: Site;
  /** Counted by the leak detector when the scenario destroys the VM. */
  readonly owned: boolean;
}

/** The world of a state: everything but its threads. */
export interface SimWorld {
  readonly locks: Readonly<Record<Path, LockState>>;
  readonly srcu: Readonly<Record<Path, SrcuState>>;
  readonly fields: Readonly<Record<Path, Value>>;
  readonly caches: Readonly<Record<Path, MemoryCache>>;
  readonly objects: readonly HeapObject[];
  /** What is derived from the world parts, shared by every state that has these very parts. */
  readonly world: WorldCell;
}

export interface SimState extends SimWorld {
  readonly threads: readonly ThreadState[];
}

/** What a step did: the moving thread's new state, the world after it, and what it revealed. */
export interface StepOutcome {
  readonly thread: ThreadState;
  readonly world: SimWorld;
  readonly violations: readonly Observation[];
}

/**
 * Caches of what is derived from one world: the locks, SRCU, fields, caches
 * and objects of a state. A step that touches none of them passes its
 * predecessor's cell on, so every state holding the same part objects holds
 * one cell.
 */
export class WorldCell {
  /** The world's interned id in the explorer's state encoder; -1 until encoded. */
  key = -1;
  /** The id of the world exactly as it is (StateEncoder.exactWorld); -1 until asked. */
  exact = -1;
  /**
   * Outcomes of steps taken in this world, keyed by thread, choice and the
   * moving thread's interned id (KvmSystem.apply): a step's effect depends
   * on nothing else, so it is computed once per world and replayed.
   */
  steps: Map<number, StepOutcome> | undefined = undefined;
}

/** One scheduling step: a thread moves; `choice` picks the side of a decision the model cannot make. */
export interface SimStep {
  readonly thread: number;
  readonly choice: number;
}

export const MAX_CHOICES = 8;

export function stepRank(step: SimStep): number {
  return step.thread * MAX_CHOICES + step.choice;
}

function encodeSlots(slots: readonly (Value | undefined)[]): string {
  let out = '';
  for (const value of slots) out += `${value === undefined ? '_' : encodeValue(value)},`;
  return out;
}

function encodeRecord<T>(
  record: Readonly<Record<string, T>>,
  encode: (value: T) => string,
): string {
  return Object.keys(record)
    .sort()
    .map((key) => `${key}=${encode(record[key] as T)}`)
    .join(';');
}

const encodeFields = (fields: SimWorld['fields']) => encodeRecord(fields, encodeValue);
const encodeCaches = (caches: SimWorld['caches']) =>
  encodeRecord(caches, (cache) => encodeValue({ cache }));

/** SRCU read-section ids renamed in order of appearance, and the readers' encoding under it. */
function srcuNames(srcu: SimWorld['srcu']): { text: string; rename: Map<number, number> } {
  const rename = new Map<number, number>();
  let text = '';
  for (const path of Object.keys(srcu).sort()) {
    const readers = srcu[path]?.readers ?? [];
    if (readers.length === 0) continue;
    text += `${path}=`;
    for (const reader of readers) {
      rename.set(reader.id, rename.size);
      text += `${rename.get(reader.id)}@${reader.thread},`;
    }
    text += ';';
  }
  return { text, rename };
}

/**
 * Canonical state keys, built incrementally. Every part of a state is
 * interned to a small number once — a frame by (slots, function, pc), a thread
 * by its frames, the world by its locks, SRCU readers, fields, caches and
 * objects — and the number is kept on the part itself. A step copies only
 * what it touches, so a successor has one new thread and usually the world of
 * its predecessor: its key costs one or two interning look-ups and one or
 * two 16-bit units per id (threads, then the world) written into a KeyBuffer,
 * which is short to hash and to store. SRCU read-section ids are renamed in order of
 * appearance, so two states that differ only in how many sections came and
 * went before are one state.
 */
export class StateEncoder {
  private readonly ids = new Map<string, number>();
  private readonly slotIds = new WeakMap<readonly unknown[], number>();
  private readonly framesBySlots = new Map<number, Map<number, number>>();
  private nextFrameId = 0;
  private readonly partIds = new WeakMap<object, number>();
  private readonly exactIds = new WeakMap<object, number>();
  private readonly scratch = new KeyBuffer();

  private intern(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(text, id);
    }
    return id;
  }

  private frame(frame: Frame): number {
    if (frame.keyId >= 0) return frame.keyId;
    let slots = this.slotIds.get(frame.slots);
    if (slots === undefined) {
      slots = this.intern(encodeSlots(frame.slots));
      this.slotIds.set(frame.slots, slots);
    }
    // (slots, function, pc) → id through numeric maps: no string per new frame.
    let byPosition = this.framesBySlots.get(slots);
    if (byPosition === undefined) {
      byPosition = new Map();
      this.framesBySlots.set(slots, byPosition);
    }
    const position = frame.fn * 1_000_000 + frame.pc;
    let id = byPosition.get(position);
    if (id === undefined) {
      id = this.nextFrameId++;
      byPosition.set(position, id);
    }
    frame.keyId = id;
    return id;
  }

  /**
   * The interned id of a thread that waits for no read section: its frames
   * and whether it stopped, exactly (a waiting thread's id depends on the
   * renaming of the sections, so it has none of its own).
   */
  threadId(thread: ThreadState): number | undefined {
    if (thread.waitFor !== undefined) return undefined;
    if (thread.keyId < 0) thread.keyId = this.intern(this.stackText(thread));
    return thread.keyId;
  }

  /** A thread's id; one waiting in synchronize_srcu names read sections, renamed as in `world`. */
  private thread(thread: ThreadState, world: SimWorld): number {
    const own = this.threadId(thread);
    if (own !== undefined) return own;
    const names = srcuNames(world.srcu).rename;
    const waits = (thread.waitFor ?? []).filter((id) => names.has(id)).map((id) => names.get(id));
    return this.intern(`${this.stackText(thread)}w${waits.join(',')}`);
  }

  /** Whether a thread stopped, the atomic sections it is in, and its frames' ids. */
  private stackText(thread: ThreadState): string {
    let text = thread.stopped ? 'S' : 'T';
    for (const section of thread.atomic) text += `${section}/`;
    for (const frame of thread.frames) text += `${this.frame(frame)}.`;
    return text;
  }

  /** The interned id of `value` encoded by `encode`, kept per object in `ids`. */
  private part<T extends object>(
    value: T,
    encode: (value: T) => string,
    ids: WeakMap<object, number> = this.partIds,
  ): number {
    let id = ids.get(value);
    if (id === undefined) {
      id = this.intern(encode(value));
      ids.set(value, id);
    }
    return id;
  }

  private world(state: SimWorld): number {
    if (state.world.key >= 0) return state.world.key;
    const locks = this.part(state.locks, (record) =>
      encodeRecord(record, (lock) =>
        lock.holders
          .map((holder) => `${holder.thread}${holder.mode[0]}`)
          .sort()
          .join(','),
      ),
    );
    const fields = this.part(state.fields, encodeFields);
    const caches = this.part(state.caches, encodeCaches);
    const objects = this.part(state.objects, (list) => {
      let out = '';
      for (const object of list) out += object.freed ? 'x' : 'o';
      return out;
    });
    const srcu = this.part(state.srcu, (record) => srcuNames(record).text);
    state.world.key = this.intern(`${locks}#${srcu}#${fields}#${caches}#${objects}`);
    return state.world.key;
  }

  /**
   * An id of the world exactly as it is, where the key is canonical: SRCU
   * read sections under their own ids and the next id to give, lock holders
   * in their order, and each heap object whole (label, owner, where and by
   * whom it was freed, where it was allocated). Two worlds with one exact id behave alike in every
   * step and every message, so KvmSystem lets them share one cell.
   */
  exactWorld(state: SimWorld): number {
    if (state.world.exact >= 0) return state.world.exact;
    const locks = this.part(
      state.locks,
      (record) =>
        encodeRecord(record, (lock) =>
          lock.holders.map((holder) => `${holder.thread}${holder.mode}`).join(','),
        ),
      this.exactIds,
    );
    const srcu = this.part(
      state.srcu,
      (record) =>
        encodeRecord(
          record,
          (srcu) =>
            `${srcu.readers.map((reader) => `${reader.id}@${reader.thread}`).join(',')}>${srcu.nextReaderId}`,
        ),
      this.exactIds,
    );
    const objects = this.part(
      state.objects,
      (list) =>
        list
          .map(
            (object) =>
              `${object.label}|${object.freed ? 'x' : 'o'}${object.owned ? 'w' : ''}|${
                object.freedAt === undefined
                  ? ''
                  : `${object.freedAt.function}@${object.freedAt.loc.file}:${object.freedAt.loc.line}:${object.freedAt.loc.column}`
              }|${object.freedBy ?? ''}|${
                object.allocatedAt === undefined
                  ? ''
                  : `${object.allocatedAt.function}@${object.allocatedAt.loc.file}:${object.allocatedAt.loc.line}:${object.allocatedAt.loc.column}`
              }`,
          )
          .join(';'),
      this.exactIds,
    );
    // Fields and caches are encoded exactly in the key already.
    const fields = this.part(state.fields, encodeFields);
    const caches = this.part(state.caches, encodeCaches);
    state.world.exact = this.intern(`exact#${locks}#${srcu}#${fields}#${caches}#${objects}`);
    return state.world.exact;
  }

  /** The key as a string (for maps of states outside the explorer). */
  key(state: SimState): string {
    this.keyInto(state, -1, undefined, state, this.scratch);
    return this.scratch.text();
  }

  /**
   * Writes the key of the state whose threads are those of `state`, thread
   * `moved` replaced by `by`, and whose world is that of `world` — a
   * successor's key without building the successor — as ids of one unit
   * below 2^15 (KeyBuffer.pushId): threads in order, then the world.
   */
  keyInto(
    state: SimState,
    moved: number,
    by: ThreadState | undefined,
    world: SimWorld,
    into: KeyBuffer,
  ): void {
    into.clear();
    const threads = state.threads;
    for (let index = 0; index < threads.length; index += 1) {
      const thread = index === moved && by !== undefined ? by : (threads[index] as ThreadState);
      into.pushId(this.thread(thread, world));
    }
    into.pushId(this.world(world));
  }
}
