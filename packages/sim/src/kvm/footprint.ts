// What a step touches, for partial-order reduction. A resource is a lock (or
// SRCU struct), a shared path (paths conflict when one lies within the
// other), or the heap (allocation order and object lifetimes). Two steps of
// different threads commute when neither writes what the other touches.
//
// Each thread also gets a static footprint: everything its entry function and
// its callees might touch, found by walking the compiled code once with the
// entry's address arguments bound. A thread whose next step touches nothing in
// any other live thread's static footprint may run alone: that step is a
// persistent set, as SPIN's "safe" statements are. The same walk rejects
// locks the catalogue does not know and unlocks no path of the thread can
// balance, before anything is explored.
import type { LockMode, Path, SourceLocation } from '@kvmsim/mmu-model';
import type { StaticWalker } from '../ops/operation.js';
import { operation } from '../ops/index.js';
import type { CExpr, CompiledFunction, CompiledProgram, PathRef } from '../program/compiled.js';
import { isVisible } from '../program/compiled.js';
import { ProgramInputError } from '../program/program-input-error.js';
import { resolvePath } from '../program/eval-expr.js';
import type { Value } from '../program/values.js';
import { encodeValue, isAddress, isObjectRef } from '../program/values.js';
import type { SimState, SimStep } from './sim-state.js';
import { HEAP_READ, type Resource } from './resource.js';

export type { Resource } from './resource.js';

export interface Footprint {
  touches(resource: Resource): boolean;
}

function related(a: Path, b: Path): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.startsWith(short) && (long[short.length] === '.' || long[short.length] === '[');
}

function conflict(a: Resource, b: Resource): boolean {
  if (a.kind !== b.kind || !(a.write || b.write)) return false;
  if (a.kind === 'heap') return true;
  if (a.kind === 'lock') return a.path === b.path;
  return related(a.path, b.path);
}

export function conflicts(a: readonly Resource[], b: readonly Resource[]): boolean {
  return a.some((left) => b.some((right) => conflict(left, right)));
}

/** The part of KvmSystem the footprint of a step needs. */
export interface FootprintHost {
  current(
    state: SimState,
    thread: number,
  ):
    | { instr: CompiledFunction['code'][number]; frame: { slots: readonly (Value | undefined)[] } }
    | undefined;
  freedOn(state: SimState, path: Path): number | undefined;
}

function pathResources(state: SimState, path: Path, write: boolean): Resource[] {
  const resources: Resource[] = [{ kind: 'path', path, write }];
  // An access through a heap pointer reads that object's lifetime.
  for (let index = 1; index < path.length; index += 1) {
    const char = path[index];
    if (char !== '.' && char !== '[') continue;
    const value = state.fields[path.slice(0, index)];
    if (value !== undefined && isObjectRef(value)) {
      resources.push(HEAP_READ);
      break;
    }
  }
  return resources;
}

export function stepFootprint(host: FootprintHost, state: SimState, step: SimStep): Resource[] {
  const at = host.current(state, step.thread);
  if (at === undefined) return [];
  const { instr, frame } = at;
  // Branch choices read only the thread's own state.
  if (!isVisible(instr)) return [];
  return operation(instr.op).footprint(instr, {
    state,
    choice: step.choice,
    path: (ref) => resolvePath(ref, frame.slots),
    access: (path, write) => pathResources(state, path, write),
  });
}

type Binding = Value | undefined;

class StaticFootprint implements Footprint {
  readonly locks = new Set<Path>();
  readonly reads = new Set<Path>();
  readonly writes = new Set<Path>();
  anyLock = false;
  anyRead = false;
  anyWrite = false;
  heapRead = false;
  heapWrite = false;

  touches(resource: Resource): boolean {
    switch (resource.kind) {
      case 'lock':
        return this.anyLock || this.locks.has(resource.path);
      case 'heap':
        return resource.write ? this.heapRead || this.heapWrite : this.heapWrite;
      case 'path': {
        if (this.anyWrite || (resource.write && this.anyRead)) return true;
        for (const written of this.writes) if (related(written, resource.path)) return true;
        if (resource.write)
          for (const read of this.reads) if (related(read, resource.path)) return true;
        return false;
      }
    }
  }
}

type LockCheck = (path: Path, fn: string, loc: SourceLocation) => void;

/** Control-flow successors of an instruction (calls fall through; ret ends the function). */
function successors(fn: CompiledFunction, pc: number): number[] {
  const instr = fn.code[pc];
  if (instr === undefined) return [];
  switch (instr.op) {
    case 'jump':
      return [instr.to];
    case 'branch':
      return [pc + 1, instr.else];
    case 'bound':
      return [pc + 1, instr.exit];
    case 'ret':
      return [];
    default:
      return [pc + 1];
  }
}

const assignedMemo = new WeakMap<CompiledFunction, ReadonlySet<number>>();

/** Parameter slots the function assigns, whose entry binding therefore does not hold throughout. */
function assignedParams(fn: CompiledFunction): ReadonlySet<number> {
  let assigned = assignedMemo.get(fn);
  if (assigned !== undefined) return assigned;
  const slots = new Set<number>();
  for (const instr of fn.code) {
    const written: (number | undefined)[] = [];
    if (instr.op === 'set') written.push(instr.slot);
    if (instr.op === 'alloc' && 'slot' in instr.target) written.push(instr.target.slot);
    if (instr.op === 'lock') written.push(instr.mayFail?.slot);
    if (instr.op === 'read') written.push(...instr.reads.map((read) => read.slot));
    if (
      'slot' in instr &&
      typeof instr.slot === 'number' &&
      instr.op !== 'set' &&
      instr.op !== 'bound'
    )
      written.push(instr.slot);
    for (const slot of written) if (slot !== undefined && slot < fn.params.length) slots.add(slot);
  }
  assigned = slots;
  assignedMemo.set(fn, assigned);
  return assigned;
}

interface WalkHooks {
  readonly checkLock?: LockCheck;
  readonly taken?: Set<string>;
  readonly released?: { lock: string; fn: string; loc: SourceLocation }[];
}

/**
 * Adds to `footprint` what the instructions at `pcs` of `fn` (all of them when
 * absent) and every callee they reach may touch, with `params` bound.
 */
function walkCode(
  program: CompiledProgram,
  footprint: StaticFootprint,
  fn: CompiledFunction,
  params: readonly Binding[],
  pcs: readonly number[] | undefined,
  hooks: WalkHooks,
  visited: Set<string>,
): void {
  const assigned = assignedParams(fn);
  const bound = (slot: number): Binding =>
    slot < fn.params.length && !assigned.has(slot) ? params[slot] : undefined;
  const resolve = (ref: PathRef): Path | undefined => {
    if (ref.slot < 0) return ref.text;
    const value = bound(ref.slot);
    if (value !== undefined && isAddress(value)) return value.address + ref.rest;
    return undefined;
  };
  const staticValue = (expr: CExpr): Binding => {
    if (expr.kind === 'const') return expr.value;
    if (expr.kind === 'address') {
      const path = resolve(expr.path);
      return path === undefined ? undefined : { address: path };
    }
    if (expr.kind === 'slot') return bound(expr.slot);
    return undefined;
  };
  const path = (ref: PathRef, write: boolean) => {
    const resolved = resolve(ref);
    footprint.heapRead = true;
    if (resolved === undefined) {
      if (write) footprint.anyWrite = true;
      else footprint.anyRead = true;
    } else (write ? footprint.writes : footprint.reads).add(resolved);
  };
  const lock = (ref: PathRef, loc: SourceLocation): Path | undefined => {
    const resolved = resolve(ref);
    if (resolved === undefined) footprint.anyLock = true;
    else {
      footprint.locks.add(resolved);
      hooks.checkLock?.(resolved, fn.name, loc);
    }
    return resolved;
  };
  const walker: StaticWalker = {
    path,
    lock,
    heap: (write) => {
      if (write) footprint.heapWrite = true;
      else footprint.heapRead = true;
    },
    acquires: (resolved, mode) => hooks.taken?.add(`${resolved}|${mode}`),
    releases: (resolved, mode, loc) =>
      hooks.released?.push({ lock: `${resolved}|${mode}`, fn: fn.name, loc }),
  };
  for (const pc of pcs ?? fn.code.keys()) {
    const instr = fn.code[pc];
    if (instr === undefined) continue;
    if (isVisible(instr)) {
      operation(instr.op).walk(instr, walker);
      continue;
    }
    if (instr.op !== 'call') continue;
    const callee = program.functions[instr.callee];
    if (callee === undefined) continue;
    const args = instr.args.map(staticValue);
    const memo = `${callee.index}|${args.map((value) => (value === undefined ? '_' : encodeValue(value))).join(',')}`;
    if (visited.has(memo)) continue;
    visited.add(memo);
    walkCode(program, footprint, callee, args, undefined, hooks, visited);
  }
}

/**
 * Everything a thread may touch, for the checks made before exploring:
 * locks the catalogue does not know, and unlocks no path of the thread can
 * balance, are rejected here.
 */
export function checkThread(
  program: CompiledProgram,
  entry: CompiledFunction,
  entrySlots: readonly Binding[],
  checkLock: LockCheck,
): void {
  const taken = new Set<string>();
  const released: { lock: string; fn: string; loc: SourceLocation }[] = [];
  walkCode(
    program,
    new StaticFootprint(),
    entry,
    entrySlots.slice(0, entry.params.length),
    undefined,
    { checkLock, taken, released },
    new Set(),
  );
  for (const unlock of released) {
    if (!taken.has(unlock.lock)) {
      const [lock, mode] = unlock.lock.split('|') as [string, LockMode];
      throw new ProgramInputError(
        `unbalanced unlock: ${lock} is released in ${mode} mode, but no code this thread can run takes it in that mode`,
        unlock.fn,
        unlock.loc,
      );
    }
  }
}

/**
 * What a thread may still touch from a frame positioned at `pc`: the
 * instructions reachable from there and every callee they reach. Memoised per
 * (function, pc, parameter addresses), so the persistent-set check stays cheap.
 */
export class RemainingFootprints {
  private readonly memo = new Map<string, Footprint>();

  constructor(private readonly program: CompiledProgram) {}

  at(fnIndex: number, pc: number, slots: readonly Binding[]): Footprint {
    const fn = this.program.functions[fnIndex];
    if (fn === undefined) throw new Error(`no function ${fnIndex}`);
    const params = slots.slice(0, fn.params.length);
    const key = `${fnIndex}|${pc}|${params.map((value) => (value === undefined || !isAddress(value) ? '_' : value.address)).join(',')}`;
    let footprint = this.memo.get(key);
    if (footprint === undefined) {
      const reach = new Set<number>();
      const stack = [pc];
      while (stack.length > 0) {
        const at = stack.pop() as number;
        if (reach.has(at) || at >= fn.code.length) continue;
        reach.add(at);
        stack.push(...successors(fn, at));
      }
      const fresh = new StaticFootprint();
      const bindings = params.map((value) =>
        value !== undefined && isAddress(value) ? value : undefined,
      );
      walkCode(
        this.program,
        fresh,
        fn,
        bindings,
        [...reach].sort((a, b) => a - b),
        {},
        new Set(),
      );
      footprint = fresh;
      this.memo.set(key, footprint);
    }
    return footprint;
  }
}
