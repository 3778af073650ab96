// A mutable copy of the parts of a state one step changes: only the parts
// written are copied (copy on first write), so a step that takes a lock copies
// the lock table and shares the fields, caches and objects of its predecessor.
import type { LockState, MemoryCache, Path, SrcuState } from '@kvmsim/mmu-model';
import type { Value } from '../program/values.js';
import type { HeapObject, SimState, ThreadState } from './sim-state.js';
import { WorldCell } from './sim-state.js';

const PART_BITS = { locks: 1, srcu: 2, fields: 4, caches: 8, objects: 16 } as const;

/** A mutable copy of the parts of a state one step changes. */
export class Draft {
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
