// `WARN_ON(cond)`, `WARN_ON_ONCE`, `BUG_ON`: fires when the condition holds
// (an unknown condition does not fire: the branch that tests it explores
// both sides). The condition's value is the statement's result; a BUG_ON
// that fires stops the thread.
import type { CExpr, InstrBase } from '../program/compiled.js';
import { codeWarnFires } from '../detectors/warn.js';
import { truthy } from '../program/values.js';
import type { Operation } from './operation.js';
import { NO_ACCESS, ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type WarnInstr = InstrBase & {
  readonly op: 'warn';
  readonly cond: CExpr;
  readonly api: string;
  readonly fatal: boolean;
  readonly slot?: number;
};

export const warnOp: Operation<'warn'> = {
  op: 'warn',
  compile(stmt, c) {
    const cond = c.expr(stmt.cond);
    const kill = c.flushReads(stmt);
    c.emit(
      {
        op: 'warn',
        loc: stmt.loc,
        src: stmt,
        cond,
        api: stmt.api,
        fatal: stmt.fatal,
        ...c.resultSlot(stmt.result),
      },
      kill,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    const cond = step.value(instr.cond);
    if (instr.slot !== undefined) step.set(instr.slot, cond);
    if (truthy(cond) !== true) return;
    step.report(codeWarnFires(step.who, step.thread, instr.api, step.site));
    if (instr.fatal) step.stopped = true;
  },
  footprint: () => [],
  walk: () => undefined,
  accesses: () => NO_ACCESS,
  describe: (instr) => ({ text: instr.api }),
  toPromela(instr, p) {
    const cond = p.expr(instr.cond);
    const result =
      instr.slot === undefined ? [] : [`${p.slot(instr.slot)} = ${p.orUnknown(instr.cond)}`];
    return [
      p.atomic([
        ...result,
        `assert(!(${cond.known} && ${cond.value} != 0)) /* warn: ${instr.api}, ${p.where} */`,
      ]),
    ];
  },
};
