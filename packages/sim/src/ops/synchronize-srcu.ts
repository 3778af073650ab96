// `synchronize_srcu(_expedited)`: waits for every read section that began
// before it. Two steps: the first (which may sleep, and records lock -> SRCU
// order edges as lockdep does) fixes the readers to wait for; the thread then
// stays blocked until they have all left, and a second step returns.
import type { InstrBase, PathRef } from '../program/compiled.js';
import { EMPTY_SRCU, gracePeriodElapsed, gracePeriodWaitSet } from '@kvmsim/mmu-model';
import type { Operation } from './operation.js';
import { BLOCKED, NO_ACCESS, ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type SynchronizeSrcuInstr = InstrBase & {
  readonly op: 'synchronize_srcu';
  readonly srcu: PathRef;
};

export const synchronizeSrcuOp: Operation<'synchronize_srcu'> = {
  op: 'synchronize_srcu',
  compile(stmt, c) {
    c.emit(
      { op: 'synchronize_srcu', loc: stmt.loc, src: stmt, srcu: c.path(stmt.srcu) },
      undefined,
    );
  },
  enabled(instr, at) {
    const waitFor = at.thread.waitFor;
    if (waitFor === undefined) return ONE_CHOICE;
    const path = at.host.srcuPath(instr.srcu, at.frame, at.site());
    return gracePeriodElapsed(at.state.srcu[path] ?? EMPTY_SRCU, waitFor) ? ONE_CHOICE : BLOCKED;
  },
  apply(instr, step) {
    const path = step.host.srcuPath(instr.srcu, step.frame, step.site);
    if (step.before.threads[step.thread]?.waitFor !== undefined) return; // the grace period elapsed: return
    step.mightSleep(`synchronize_srcu(${path})`);
    step.edgesTo(path, true, true);
    const waitSet = gracePeriodWaitSet(step.draft.srcu[path] ?? EMPTY_SRCU);
    if (waitSet.length > 0) {
      step.waitFor = waitSet;
      step.pc = step.frame.pc;
    }
  },
  footprint: (instr, at) => [{ kind: 'lock', path: at.path(instr.srcu), write: true }],
  walk(instr, walker) {
    walker.lock(instr.srcu, instr.loc);
  },
  accesses: () => NO_ACCESS,
  describe: (instr, at) => ({
    text: `synchronize_srcu(${at.path(instr.srcu)}) ${at.waiting ? 'returns' : 'starts'}`,
  }),
  waits(instr, at) {
    const path = at.path(instr.srcu);
    const waitFor = at.state.threads[at.thread]?.waitFor;
    const readers = [
      ...new Set(
        (at.state.srcu[path]?.readers ?? [])
          .filter((reader) => waitFor?.includes(reader.id))
          .map((reader) => reader.thread),
      ),
    ];
    return {
      text: `waits in synchronize_srcu(${path}) in ${at.fn} for the read section of ${readers.map(at.name).join(' and ')}`,
      on: path,
      for: readers,
    };
  },
  toPromela(instr, p) {
    const lock = p.lock(p.resolve(instr.srcu));
    const n = p.threadCount;
    const start = Array.from(
      { length: n },
      (_, reader) =>
        `${lock.name}_pend[${p.thread * n + reader}] = (${lock.name}_cnt[${reader}] > 0)`,
    );
    const elapsed = Array.from(
      { length: n },
      (_, reader) => `${lock.name}_pend[${p.thread * n + reader}] == 0`,
    ).join(' && ');
    return [`atomic { ${start.join('; ')} }; atomic { ${elapsed} -> skip }; ${p.next}`];
  },
};
