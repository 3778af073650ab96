// Counterexample traces as people read them: per step the thread, the
// function and statement, its source location, the locks the thread holds
// afterwards and the world values the step touched. The replayable part of a
// trace is its `SimStep`s; these views are rebuilt from them by replaying.
import type { SourceLocation, Stmt } from '@kvmsim/mmu-model';
import { EMPTY_CACHE } from '@kvmsim/mmu-model';
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
    const lockName = (kindPath: string, mode: string, unlock: boolean, written: string) => {
      const kind = system.lockKind(kindPath, { function: fn.name, loc: instr.loc }, written);
      const verb = unlock ? 'unlock' : 'lock';
      if (kind === 'rwlock') return `${mode}_${verb}(${kindPath})`;
      if (kind === 'mutex') return `mutex_${verb}(${kindPath})`;
      if (kind === 'raw_spinlock') return `raw_spin_${verb}(${kindPath})`;
      return `spin_${verb}(${kindPath})`;
    };
    switch (instr.op) {
      case 'branch':
        op = 'branch';
        text = `${exprText(instr.src)}: condition not modelled, takes the ${step.choice === 0 ? 'true' : 'false'} side`;
        break;
      case 'read': {
        const paths = instr.reads.map((read) => path(read.path));
        touched.push(...paths);
        text = `read ${paths.join(', ')}`;
        break;
      }
      case 'lock': {
        const lock = path(instr.lock);
        touched.push(lock);
        text =
          step.choice === 1 || (instr.mayFail !== undefined && !instr.mayFail.blocks)
            ? `${lockName(lock, instr.mode, false, instr.lock.text)} may fail${step.choice === 1 ? ': fails' : ''}`
            : lockName(lock, instr.mode, false, instr.lock.text);
        break;
      }
      case 'unlock': {
        const lock = path(instr.lock);
        touched.push(lock);
        text = lockName(lock, instr.mode, true, instr.lock.text);
        break;
      }
      case 'srcu_read_lock':
        text = `srcu_read_lock(${path(instr.srcu)})`;
        break;
      case 'srcu_read_unlock':
        text = `srcu_read_unlock(${path(instr.srcu)})`;
        break;
      case 'synchronize_srcu':
        op = 'synchronize_srcu';
        text =
          state.threads[step.thread]?.waitFor === undefined
            ? `synchronize_srcu(${path(instr.srcu)}) starts`
            : `synchronize_srcu(${path(instr.srcu)}) returns`;
        break;
      case 'access':
        touched.push(path(instr.path));
        text = `${instr.mode} ${path(instr.path)}`;
        break;
      case 'assign':
        touched.push(path(instr.path));
        text = `${path(instr.path)} = …`;
        break;
      case 'alloc':
        text = `${'path' in instr.target ? path(instr.target.path) : 'local'} = ${instr.api}()${step.choice === 1 ? ' fails' : ''}`;
        if ('path' in instr.target) touched.push(path(instr.target.path));
        break;
      case 'free': {
        text = instr.api;
        break;
      }
      case 'cache_topup':
        touched.push(path(instr.cache));
        text = `__kvm_mmu_topup_memory_cache(${path(instr.cache)})`;
        break;
      case 'cache_alloc':
        touched.push(path(instr.cache));
        text = `kvm_mmu_memory_cache_alloc(${path(instr.cache)})`;
        break;
      case 'cache_free':
        touched.push(path(instr.cache));
        text = `kvm_mmu_free_memory_cache(${path(instr.cache)})`;
        break;
      case 'assert_held':
        text = `${instr.api}(${path(instr.lock)})`;
        break;
      case 'warn':
        text = instr.api;
        break;
      case 'might_sleep':
        text = `might sleep: ${instr.reason}`;
        break;
      case 'world':
        text = instr.action;
        break;
      default:
        text = instr.op;
    }
    if (instr.op === 'free')
      text = `${instr.api}(${system.show(state, system.evaluateIn(frame, instr.value))})`;
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
