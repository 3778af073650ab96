// The state the race explorer walks: every thread's call stack and the world
// (locks and their holders, SRCU read sections, modelled fields, memory
// caches, heap objects), with a canonical key for state hashing.
import type { LockState, MemoryCache, Path, SourceLocation, SrcuState } from '@kvmsim/mmu-model';
import type { FindingKind } from '../finding-kind.js';
import type { Value } from '../program/values.js';
import { encodeValue } from '../program/values.js';

export interface Frame {
  /** Index of the function in the compiled program. */
  readonly fn: number;
  readonly pc: number;
  readonly slots: readonly (Value | undefined)[];
}

export interface ThreadState {
  /** The call stack, innermost last; empty once the entry returned. */
  readonly frames: readonly Frame[];
  /** A fatal BUG_ON stopped the thread. */
  readonly stopped: boolean;
  /** Inside synchronize_srcu: the read sections it waits for. */
  readonly waitFor?: readonly number[];
  /** What the entry returned, once it did. Not part of the state key. */
  readonly result?: Value;
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
  /** Counted by the leak detector when the scenario destroys the VM. */
  readonly owned: boolean;
}

export interface SimState {
  readonly threads: readonly ThreadState[];
  readonly locks: Readonly<Record<Path, LockState>>;
  readonly srcu: Readonly<Record<Path, SrcuState>>;
  readonly fields: Readonly<Record<Path, Value>>;
  readonly caches: Readonly<Record<Path, MemoryCache>>;
  readonly objects: readonly HeapObject[];
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

export type ViolationKind = FindingKind | 'notice' | 'lock-edge';

export interface Violation {
  readonly kind: ViolationKind;
  /** Identity: the first trace to each key is kept. */
  readonly key: string;
  readonly message: string;
  /** Threads involved (indices), the acting one first. */
  readonly threads: readonly number[];
  /** Statements involved, the fatal one first. */
  readonly sites: readonly Site[];
  /** The shared location, lock or object the violation is about. */
  readonly subject?: string;
  /** For lock-order edges. */
  readonly edge?: { readonly from: string; readonly to: string };
  /** Steps that complete the picture after the trace (the two racing accesses). */
  readonly then?: readonly SimStep[];
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

/**
 * Canonical state keys. Parts that did not change between states are the
 * same objects (a step copies only what it touches), so each part's encoding
 * is cached per object and interned to a small number: a key is a short list
 * of numbers, cheap to build, hash and store. SRCU read-section ids are
 * renamed in order of appearance, so two states that differ only in how many
 * sections came and went before are one state.
 */
export class StateEncoder {
  private readonly ids = new Map<string, number>();
  private readonly frameIds = new WeakMap<Frame, number>();
  private readonly slotIds = new WeakMap<readonly unknown[], number>();
  private readonly framesBySlots = new Map<number, Map<number, number>>();
  private nextFrameId = 0;
  private readonly partIds = new WeakMap<object, number>();

  private intern(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(text, id);
    }
    return id;
  }

  private frame(frame: Frame): number {
    let id = this.frameIds.get(frame);
    if (id === undefined) {
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
      id = byPosition.get(position);
      if (id === undefined) {
        id = this.nextFrameId++;
        byPosition.set(position, id);
      }
      this.frameIds.set(frame, id);
    }
    return id;
  }

  private part<T extends object>(value: T, encode: (value: T) => string): number {
    let id = this.partIds.get(value);
    if (id === undefined) {
      id = this.intern(encode(value));
      this.partIds.set(value, id);
    }
    return id;
  }

  key(state: SimState): string {
    const rename = new Map<number, number>();
    let srcu = '';
    for (const path of Object.keys(state.srcu).sort()) {
      const readers = state.srcu[path]?.readers ?? [];
      if (readers.length === 0) continue;
      srcu += `${path}=`;
      for (const reader of readers) {
        rename.set(reader.id, rename.size);
        srcu += `${rename.get(reader.id)}@${reader.thread},`;
      }
      srcu += ';';
    }
    let threads = '';
    for (const thread of state.threads) {
      if (thread.stopped) threads += 'S';
      if (thread.waitFor !== undefined)
        threads += `w${thread.waitFor
          .filter((id) => rename.has(id))
          .map((id) => rename.get(id))
          .join(',')}`;
      for (const frame of thread.frames) threads += `${this.frame(frame)}.`;
      threads += '/';
    }
    const locks = this.part(state.locks, (record) =>
      encodeRecord(record, (lock) =>
        lock.holders
          .map((holder) => `${holder.thread}${holder.mode[0]}`)
          .sort()
          .join(','),
      ),
    );
    const fields = this.part(state.fields, (record) => encodeRecord(record, encodeValue));
    const caches = this.part(state.caches, (record) =>
      encodeRecord(record, (cache) => encodeValue({ cache })),
    );
    const objects = this.part(state.objects, (list) => {
      let out = '';
      for (const object of list) out += object.freed ? 'x' : 'o';
      return out;
    });
    return `${threads}#${locks}#${srcu}#${fields}#${caches}#${objects}`;
  }
}
