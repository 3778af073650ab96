// `lockdep_assert_held*`, `assert_spin_locked`: the running thread must hold
// the lock in the mode asked (for an SRCU struct: be in a read section);
// otherwise a missing-lock violation.
import type { AssertMode } from '@kvmsim/mmu-model';
import type { InstrBase, PathRef } from '../program/compiled.js';
import { holds } from '@kvmsim/mmu-model';
import { assertionFails } from '../detectors/missing-lock.js';
import type { Operation } from './operation.js';
import { NO_ACCESS, ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type AssertHeldInstr = InstrBase & {
  readonly op: 'assert_held';
  readonly lock: PathRef;
  readonly mode: AssertMode;
  readonly api: string;
};

export const assertHeldOp: Operation<'assert_held'> = {
  op: 'assert_held',
  compile(stmt, c) {
    c.emit(
      {
        op: 'assert_held',
        loc: stmt.loc,
        src: stmt,
        lock: c.path(stmt.lock),
        mode: stmt.mode,
        api: stmt.api,
      },
      undefined,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    const path = step.path(instr.lock);
    const { draft, thread } = step;
    const ok =
      step.host.lockKindOf(path) === 'srcu'
        ? (draft.srcu[path]?.readers ?? []).some((reader) => reader.thread === thread)
        : holds(step.host.lockAt(draft, path, step.site, instr.lock), thread, instr.mode);
    if (!ok)
      step.report(
        assertionFails(
          step.who,
          thread,
          instr.api,
          path,
          step.site,
          step.host.locksHeld(draft.done(), thread),
        ),
      );
  },
  footprint: () => [],
  walk(instr, walker) {
    walker.lock(instr.lock, instr.loc);
  },
  accesses: () => NO_ACCESS,
  describe: (instr, at) => ({ text: `${instr.api}(${at.path(instr.lock)})` }),
  toPromela(instr, p) {
    const path = p.resolve(instr.lock);
    return [
      p.atomic([
        `assert(${p.holds(path, instr.mode)}) /* missing-lock: ${instr.api}(${path}), ${p.where} */`,
      ]),
    ];
  },
};
