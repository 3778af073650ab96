// `srcu_read_lock(&kvm->srcu)`: enters a read section (the index it returns
// is 0: one index is enough for the wait-for relation). It never blocks;
// locks taken inside it get an SRCU -> lock order edge.
import type { InstrBase, PathRef } from '../program/compiled.js';
import { EMPTY_SRCU, srcuReadLock } from '@kvmsim/mmu-model';
import type { Operation } from './operation.js';
import { NO_ACCESS, ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type SrcuReadLockInstr = InstrBase & {
  readonly op: 'srcu_read_lock';
  readonly srcu: PathRef;
  readonly slot?: number;
};

export const srcuReadLockOp: Operation<'srcu_read_lock'> = {
  op: 'srcu_read_lock',
  compile(stmt, c) {
    c.emit(
      {
        op: 'srcu_read_lock',
        loc: stmt.loc,
        src: stmt,
        srcu: c.path(stmt.srcu),
        ...c.resultSlot(stmt.result),
      },
      undefined,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    const path = step.host.srcuPath(instr.srcu, step.frame, step.site);
    step.draft.setSrcu(path, srcuReadLock(step.draft.srcu[path] ?? EMPTY_SRCU, step.thread).state);
    if (instr.slot !== undefined) step.set(instr.slot, 0);
  },
  footprint: (instr, at) => [{ kind: 'lock', path: at.path(instr.srcu), write: true }],
  walk(instr, walker) {
    walker.lock(instr.srcu, instr.loc);
  },
  accesses: () => NO_ACCESS,
  describe: (instr, at) => ({ text: `srcu_read_lock(${at.path(instr.srcu)})` }),
  toPromela(instr, p) {
    const lock = p.lock(p.resolve(instr.srcu));
    const result = instr.slot === undefined ? [] : [`${p.slot(instr.slot)} = 0`];
    return [p.atomic([`${lock.name}_cnt[${p.thread}]++`, ...result])];
  },
};
