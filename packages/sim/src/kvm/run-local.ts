// The thread-local interpreter: what a thread does between two scheduling
// points, at once. Assignments to locals, jumps, branches the model can
// decide, loop bounds (a notice when one cuts), calls (inlined, or opaque
// past the depth and recursion limits, with a notice) and returns. An
// undecided branch stops it: the scheduler chooses the side.
import type { HelperContext } from '@kvmsim/mmu-model';
import type { CompiledFunction } from '../program/compiled.js';
import { isVisible } from '../program/compiled.js';
import { evaluate, type EvalContext } from '../program/eval-expr.js';
import type { Value } from '../program/values.js';
import { truthy } from '../program/values.js';
import type { Draft } from './draft.js';
import type { Observation } from './observation.js';
import { Frame, ThreadState } from './sim-state.js';

/** Calls nested deeper than this run as opaque calls (a notice says so). */
export const MAX_CALL_DEPTH = 24;

/**
 * Activations of one function on one call stack: a recursive call beyond
 * them runs as an opaque call (a notice says so). Recursion is unrolled once,
 * as loops run at most twice: the page-table walkers recurse per level, and
 * with the level unknown every unrolling doubles what a thread can do.
 */
export const MAX_RECURSION = 2;

/** How many frames of `frames` run function `fn`. */
export function activations(frames: readonly { readonly fn: number }[], fn: number): number {
  let count = 0;
  for (const frame of frames) if (frame.fn === fn) count += 1;
  return count;
}

/** What the local interpreter needs of its system. */
export interface LocalHost {
  readonly params: Readonly<Record<string, number | boolean>>;
  readonly helpers: HelperContext | undefined;
  fn(index: number): CompiledFunction;
}

/**

 * Runs a thread's local instructions (assignments to locals, jumps, decided
 * branches, loop bounds, calls and returns) from a position given apart up to
 * its next scheduling point: `frames` is the thread's stack,
 * owned by the caller, whose last entry stands for the frame at
 * (`fnIndex`, `pc`, `topSlots`); `copied` says `topSlots` is owned too, and
 * `atomic` is the thread's atomic sections. The thread's new state is built
 * once, at the next scheduling point.
 */
export function runLocal(
  host: LocalHost,
  draft: Draft,
  thread: number,
  out: Observation[],
  frames: Frame[],
  fnIndex: number,
  start: number,
  topSlots: readonly (Value | undefined)[],
  owned: boolean,
  atomic: readonly string[] | undefined,
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
  let fn = host.fn(fnIndex);
  for (let fuel = 0; fuel < 1_000_000; fuel += 1) {
    const instr = fn.code[pc];
    if (instr === undefined) throw new Error(`pc ${pc} outside ${fn.name}`);
    if (isVisible(instr)) break;
    const context: EvalContext = { slots, params: host.params, helpers: host.helpers };
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
        fn = host.fn(instr.callee);
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
        draft.threads[thread] = new ThreadState([], false, undefined, result, atomic);
        return;
      }
      fn = host.fn(caller.fn);
      slots = caller.slots as (Value | undefined)[];
      copied = false;
      pc = caller.pc;
      const call = fn.code[pc - 1];
      if (call?.op === 'call' && call.slot !== undefined)
        own()[call.slot] = result === undefined ? { unknown: `${instr.op} without value` } : result;
    }
  }
  frames[frames.length - 1] = new Frame(fn.index, pc, slots);
  draft.threads[thread] = new ThreadState(frames, false, undefined, undefined, atomic);
}
