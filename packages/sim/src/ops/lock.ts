// `mutex_lock`, `spin_lock`, `read_lock`/`write_lock`, `KVM_MMU_LOCK`, and
// the acquisitions that may fail (`mutex_trylock`, `_interruptible`,
// `_killable`). A thread waits while the lock is unavailable; a trylock
// never waits, and an interruptible acquisition may also give up (a choice).
// Taking a lock records a lock-order edge from everything held; a sleeping
// lock in atomic context is sleep-in-atomic.
import type { LockMode } from '@kvmsim/mmu-model';
import type { InstrBase, PathRef } from '../program/compiled.js';
import { acquire, acquireMaySleep, canAcquire } from '@kvmsim/mmu-model';
import { resolvePath } from '../program/eval-expr.js';
import { lockCall } from './lock-call.js';
import type { Operation } from './operation.js';
import { BLOCKED, NO_ACCESS, ONE_CHOICE, ONLY_FAILURE, TWO_CHOICES } from './operation.js';

/** The compiled instruction. */
export type LockInstr = InstrBase & {
  readonly op: 'lock';
  readonly lock: PathRef;
  readonly mode: LockMode;
  readonly mayFail?: {
    readonly slot: number;
    readonly successValue: number;
    readonly failureValue: number;
    readonly blocks: boolean;
  };
};

export const lockOp: Operation<'lock'> = {
  op: 'lock',
  compile(stmt, c) {
    c.emit(
      {
        op: 'lock',
        loc: stmt.loc,
        src: stmt,
        lock: c.path(stmt.lock),
        mode: stmt.mode,
        ...(stmt.mayFail === undefined
          ? {}
          : {
              mayFail: {
                slot: c.slot(stmt.mayFail.result),
                successValue: stmt.mayFail.successValue,
                failureValue: stmt.mayFail.failureValue,
                blocks: stmt.mayFail.blocks,
              },
            }),
      },
      undefined,
    );
  },
  enabled(instr, at) {
    const mayFail = instr.mayFail;
    if (mayFail !== undefined && !mayFail.blocks) return ONE_CHOICE;
    const path = resolvePath(instr.lock, at.frame.slots);
    const lock = at.host.lockAt(at.state, path, at.site(), instr.lock);
    const free = canAcquire(lock, at.index, instr.mode).ok;
    if (mayFail?.blocks === true) return free ? TWO_CHOICES : ONLY_FAILURE;
    return free ? ONE_CHOICE : BLOCKED;
  },
  apply(instr, step) {
    const path = step.path(instr.lock);
    const lock = step.host.lockAt(step.draft, path, step.site, instr.lock);
    const mayFail = instr.mayFail;
    if (
      mayFail !== undefined &&
      (step.choice === 1 || (!mayFail.blocks && !canAcquire(lock, step.thread, instr.mode).ok))
    ) {
      step.set(mayFail.slot, mayFail.failureValue);
      return;
    }
    if (acquireMaySleep(lock.kind) && !(mayFail !== undefined && !mayFail.blocks))
      step.mightSleep(lockCall(lock.kind, instr.mode, false));
    step.edgesTo(path, false, false);
    step.draft.setLock(path, acquire(lock, step.thread, instr.mode));
    if (mayFail !== undefined) step.set(mayFail.slot, mayFail.successValue);
  },
  footprint(instr, at) {
    return at.choice === 1 ? [] : [{ kind: 'lock', path: at.path(instr.lock), write: true }];
  },
  walk(instr, walker) {
    const resolved = walker.lock(instr.lock, instr.loc);
    if (resolved !== undefined) walker.acquires(resolved, instr.mode);
  },
  accesses: () => NO_ACCESS,
  describe(instr, at) {
    const lock = at.path(instr.lock);
    const call = at.lockCall(lock, instr.mode, false, instr.lock.text);
    const mayFail = at.choice === 1 || (instr.mayFail !== undefined && !instr.mayFail.blocks);
    return {
      text: mayFail ? `${call} may fail${at.choice === 1 ? ': fails' : ''}` : call,
      touched: [lock],
    };
  },
  waits(instr, at) {
    const path = at.path(instr.lock);
    const holders = [...new Set((at.state.locks[path]?.holders ?? []).map((h) => h.thread))];
    return {
      text: `waits in ${at.fn} for ${path}, held by ${holders.map(at.name).join(' and ')}`,
      on: path,
      for: holders,
    };
  },
  toPromela(instr, p) {
    const lock = p.lock(p.resolve(instr.lock));
    const free =
      instr.mode === 'read'
        ? `(${lock.name}_x == 0)`
        : `(${lock.name}_x == 0 && ${p.noReaders(lock.name)})`;
    const take =
      instr.mode === 'read' ? `${lock.name}_r[${p.thread}]++` : `${lock.name}_x = ${p.thread + 1}`;
    const mayFail = instr.mayFail;
    if (mayFail === undefined) return [p.atomic([take], free)];
    const ok = `${p.slot(mayFail.slot)} = ${p.number(mayFail.successValue)}`;
    const ko = `${p.slot(mayFail.slot)} = ${p.number(mayFail.failureValue)}`;
    if (!mayFail.blocks)
      return [`atomic { if :: ${free} -> ${take}; ${ok} :: else -> ${ko} fi }; ${p.next}`];
    return [`if :: atomic { ${free} -> ${take}; ${ok} } :: atomic { ${ko} } fi; ${p.next}`];
  },
};
