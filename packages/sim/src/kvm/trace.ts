// Counterexample traces as people read them: per step the thread, the
// function and statement, its source location, the locks the thread holds
// afterwards and the world values the step touched. The replayable part of a
// trace is its `SimStep`s; these views are rebuilt from them by replaying.
import type { SourceLocation, Stmt } from '@kvmsim/mmu-model';
import { EMPTY_CACHE } from '@kvmsim/mmu-model';
import { lockCall } from '../ops/lock-call.js';
import { operation } from '../ops/index.js';
import { isVisible } from '../program/compiled.js';
import { resolvePath } from '../program/eval-expr.js';
import type { KvmSystem } from './kvm-system.js';
import type { SimState, SimStep } from './sim-state.js';

export interface TraceValue {
  readonly name: string;
  readonly value: string;
}

export interface TraceStep {
  /** Thread name, e.g. `exit_mm`. */
  readonly thread: string;
  /** Function the step ran in. */
  readonly function: string;
  /** Statement kind, e.g. `lock`, `free`; `read` for the read half of a statement. */
  readonly op: string;
  /** What happened, e.g. `write_lock(kvm.mmu_lock)`. */
  readonly text: string;
  readonly loc: SourceLocation;
  /** Locks and SRCU read sections the thread holds after the step. */
  readonly locksHeld: readonly string[];
  /** World values the step touched, after it. */
  readonly values: readonly TraceValue[];
  /** The scheduling decision, for replay. */
  readonly step: SimStep;
}

function exprText(stmt: Stmt): string {
  switch (stmt.op) {
    case 'branch':
      return 'if (…)';
    case 'loop':
      return 'loop condition';
    default:
      return stmt.op;
  }
}

/** Rebuilds the readable trace of `steps`. */
export function traceView(system: KvmSystem, steps: readonly SimStep[]): TraceStep[] {
  let state: SimState = system.initial();
  const out: TraceStep[] = [];
  for (const step of steps) {
    const { instr, frame, fn } = system.stepInstr(state, step);
    const path = (ref: Parameters<typeof resolvePath>[0]) => resolvePath(ref, frame.slots);
    const thread = system.threadName(step.thread);
    let text: string;
    let op: string = instr.op;
    const touched: string[] = [];
    if (instr.op === 'branch') {
      op = 'branch';
      text = `${exprText(instr.src)}: condition not modelled, takes the ${step.choice === 0 ? 'true' : 'false'} side`;
    } else if (isVisible(instr)) {
      const description = operation(instr.op).describe(instr, {
        choice: step.choice,
        waiting: state.threads[step.thread]?.waitFor !== undefined,
        path,
        lockCall: (lock, mode, unlock, written) =>
          `${lockCall(system.lockKind(lock, { function: fn.name, loc: instr.loc }, written), mode, unlock)}(${lock})`,
        show: (expr) => system.show(state, system.evaluateIn(frame, expr)),
      });
      text = description.text;
      touched.push(...(description.touched ?? []));
    } else text = instr.op;
    const after = system.apply(state, step).state;
    const values = touched.flatMap((name) => {
      if (name in after.caches || instr.op.startsWith('cache_')) {
        const cache = after.caches[name] ?? EMPTY_CACHE;
        return [{ name, value: `nobjs ${cache.nobjs}, capacity ${cache.capacity}` }];
      }
      if (name in after.locks) {
        const holders = after.locks[name]?.holders ?? [];
        return [
          {
            name,
            value:
              holders.length === 0
                ? 'free'
                : `held by ${holders.map((holder) => system.threadName(holder.thread)).join(', ')}`,
          },
        ];
      }
      const value = after.fields[name];
      return value === undefined ? [] : [{ name, value: system.show(after, value) }];
    });
    out.push({
      thread,
      function: fn.name,
      op,
      text,
      loc: instr.loc,
      locksHeld: system.locksHeld(after, step.thread),
      values,
      step,
    });
    state = after;
  }
  return out;
}
