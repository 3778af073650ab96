// `srcu_read_unlock(&kvm->srcu, idx)`: leaves the read section, which may end
// the wait of a synchronize_srcu; outside any read section it is a
// missing-lock violation.
import type { InstrBase, PathRef } from '../program/compiled.js';
import { EMPTY_SRCU, srcuReadUnlock } from '@kvmsim/mmu-model';
import { srcuUnlockOutside } from '../detectors/missing-lock.js';
import type { Operation } from './operation.js';
import { NO_ACCESS, ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type SrcuReadUnlockInstr = InstrBase & {
  readonly op: 'srcu_read_unlock';
  readonly srcu: PathRef;
};

export const srcuReadUnlockOp: Operation<'srcu_read_unlock'> = {
  op: 'srcu_read_unlock',
  compile(stmt, c) {
    c.emit(
      { op: 'srcu_read_unlock', loc: stmt.loc, src: stmt, srcu: c.path(stmt.srcu) },
      undefined,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    const path = step.host.srcuPath(instr.srcu, step.frame, step.site);
    const released = srcuReadUnlock(step.draft.srcu[path] ?? EMPTY_SRCU, step.thread);
    if (released.ok) step.draft.setSrcu(path, released.state);
    else step.report(srcuUnlockOutside(step.who, step.thread, path, step.site));
  },
  footprint: (instr, at) => [{ kind: 'lock', path: at.path(instr.srcu), write: true }],
  walk(instr, walker) {
    walker.lock(instr.srcu, instr.loc);
  },
  accesses: () => NO_ACCESS,
  describe: (instr, at) => ({ text: `srcu_read_unlock(${at.path(instr.srcu)})` }),
  toPromela(instr, p) {
    const path = p.resolve(instr.srcu);
    const lock = p.lock(path);
    const wake = Array.from(
      { length: p.threadCount },
      (_, waiter) => `${lock.name}_pend[${waiter * p.threadCount + p.thread}] = 0`,
    ).join('; ');
    return [
      p.atomic([
        `if :: ${lock.name}_cnt[${p.thread}] > 0 -> ${lock.name}_cnt[${p.thread}]--; if :: ${lock.name}_cnt[${p.thread}] == 0 -> ${wake} :: else -> skip fi :: else -> assert(false) /* missing-lock: srcu_read_unlock outside a read section, ${p.where} */ fi`,
      ]),
    ];
  },
};
