// `preempt_disable()`/`preempt_enable()`, `local_irq_save()`/`local_irq_restore()`,
// `local_irq_disable()`/`local_irq_enable()`: the thread enters or leaves an
// atomic section. Sections nest and belong to the thread (another CPU is not
// held back by them); a statement that may sleep inside one is
// sleep-in-atomic. Leaving a section the thread is not in is a notice: the
// section was entered by code outside the analysis set, or the count is
// unbalanced, and the model cannot tell which.
import type { InstrBase } from '../program/compiled.js';
import type { Operation } from './operation.js';
import { NO_ACCESS, ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type AtomicInstr = InstrBase & {
  readonly op: 'atomic';
  readonly section: string;
  readonly enter: boolean;
  readonly api: string;
};

export const atomicOp: Operation<'atomic'> = {
  op: 'atomic',
  compile(stmt, c) {
    c.emit(
      {
        op: 'atomic',
        loc: stmt.loc,
        src: stmt,
        section: stmt.section,
        enter: stmt.enter,
        api: stmt.api,
      },
      undefined,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    if (instr.enter) {
      step.atomic = [...step.atomic, instr.section];
      return;
    }
    const at = step.atomic.lastIndexOf(instr.section);
    if (at >= 0) {
      step.atomic = [...step.atomic.slice(0, at), ...step.atomic.slice(at + 1)];
      return;
    }
    step.report({
      kind: 'notice',
      key: `notice|atomic|${step.site.function}:${step.site.loc.line}`,
      message: `${instr.api}() in ${step.site.function} leaves a ${instr.section} section the thread is not in; ignored`,
      threads: [step.thread],
      sites: [step.site],
    });
  },
  // Only the thread's own state changes: the step commutes with every other.
  footprint: () => [],
  walk: () => undefined,
  accesses: () => NO_ACCESS,
  describe: (instr) => ({ text: `${instr.api}()` }),
  // Sleeping in atomic context is not exported to Promela: nothing to check.
  toPromela: (_, p) => [p.atomic([])],
};
