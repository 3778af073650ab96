// Anything that may sleep and has no other effect the model tracks:
// `might_sleep()`, `cond_resched()`, `msleep()`, ... Sleeping in atomic
// context is the sleep-in-atomic violation.
import type { InstrBase } from '../program/compiled.js';
import type { Operation } from './operation.js';
import { NO_ACCESS, ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type MightSleepInstr = InstrBase & { readonly op: 'might_sleep'; readonly reason: string };

export const mightSleepOp: Operation<'might_sleep'> = {
  op: 'might_sleep',
  compile(stmt, c) {
    c.emit({ op: 'might_sleep', loc: stmt.loc, src: stmt, reason: stmt.reason }, undefined);
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    step.mightSleep(instr.reason);
  },
  footprint: () => [],
  walk: () => undefined,
  accesses: () => NO_ACCESS,
  describe: (instr) => ({ text: `might sleep: ${instr.reason}` }),
  toPromela: (_, p) => [p.atomic([])],
};
