// `mutex_unlock`, `spin_unlock`, `read_unlock`/`write_unlock`: releasing a
// lock the thread does not hold is a missing-lock violation.
import type { LockMode } from '@kvmsim/mmu-model';
import type { InstrBase, PathRef } from '../program/compiled.js';
import { release } from '@kvmsim/mmu-model';
import { unlockNotHeld } from '../detectors/missing-lock.js';
import { lockCall } from './lock-call.js';
import type { Operation } from './operation.js';
import { NO_ACCESS, ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type UnlockInstr = InstrBase & {
  readonly op: 'unlock';
  readonly lock: PathRef;
  readonly mode: LockMode;
};

export const unlockOp: Operation<'unlock'> = {
  op: 'unlock',
  compile(stmt, c) {
    c.emit(
      { op: 'unlock', loc: stmt.loc, src: stmt, lock: c.path(stmt.lock), mode: stmt.mode },
      undefined,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    const path = step.path(instr.lock);
    const lock = step.host.lockAt(step.draft, path, step.site, instr.lock);
    const released = release(lock, step.thread, instr.mode);
    if (released.ok) {
      step.draft.setLock(path, released.lock);
      step.emit({ kind: 'unlock', lock: path, function: step.fn.name });
    } else
      step.report(
        unlockNotHeld(
          step.who,
          step.thread,
          lockCall(lock.kind, instr.mode, true),
          path,
          step.site,
        ),
      );
  },
  footprint: (instr, at) => [{ kind: 'lock', path: at.path(instr.lock), write: true }],
  walk(instr, walker) {
    const resolved = walker.lock(instr.lock, instr.loc);
    if (resolved !== undefined) walker.releases(resolved, instr.mode, instr.loc);
  },
  accesses: () => NO_ACCESS,
  describe(instr, at) {
    const lock = at.path(instr.lock);
    return { text: at.lockCall(lock, instr.mode, true, instr.lock.text), touched: [lock] };
  },
  toPromela(instr, p) {
    const path = p.resolve(instr.lock);
    const lock = p.lock(path);
    const held =
      instr.mode === 'read'
        ? `${lock.name}_r[${p.thread}] > 0`
        : `${lock.name}_x == ${p.thread + 1}`;
    const drop = instr.mode === 'read' ? `${lock.name}_r[${p.thread}]--` : `${lock.name}_x = 0`;
    return [
      p.atomic([
        `if :: ${held} -> ${drop} :: else -> assert(false) /* missing-lock: unlock of ${path} not held, ${p.where} */ fi`,
      ]),
    ];
  },
};
