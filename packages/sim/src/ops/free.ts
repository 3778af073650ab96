// `kfree(p)`, `kvfree(p)`, `free_page(p)`, ...: ends the lifetime of the object
// `p` evaluates to (NULL and unknown values are no-ops). A second free of the
// same object is a double free.
import type { FreeApi } from '@kvmsim/mmu-model';
import type { CExpr, InstrBase } from '../program/compiled.js';
import { isObjectRef } from '../program/values.js';
import { HEAP_WRITE } from '../kvm/resource.js';
import type { Operation } from './operation.js';
import { NO_ACCESS, ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type FreeInstr = InstrBase & {
  readonly op: 'free';
  readonly value: CExpr;
  readonly api: FreeApi;
};

export const freeOp: Operation<'free'> = {
  op: 'free',
  compile(stmt, c) {
    const value = c.expr(stmt.object);
    const kill = c.flushReads(stmt);
    c.emit({ op: 'free', loc: stmt.loc, src: stmt, value, api: stmt.api }, kill);
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    const freed = step.value(instr.value);
    if (isObjectRef(freed)) step.freeObject(freed.object, instr.api);
  },
  footprint: () => [HEAP_WRITE],
  walk(_, walker) {
    walker.heap(true);
  },
  accesses: () => NO_ACCESS,
  describe: (instr, at) => ({ text: `${instr.api}(${at.show(instr.value)})` }),
  toPromela: (instr, p) => [
    p.atomic([`tmp = ${p.orUnknown(instr.value)}`, p.freeObject('tmp', `${instr.api} in ${p.fn}`)]),
  ],
};
