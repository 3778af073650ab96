// `x = e`. To a shared field it is a scheduling point (a write access, after
// the read step for the fields `e` reads); to a local it is thread-local work
// (the compiler's `set`, run at once between scheduling points).
import type { CExpr, InstrBase, PathRef } from '../program/compiled.js';
import type { Operation } from './operation.js';
import { ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type AssignInstr = InstrBase & {
  readonly op: 'assign';
  readonly path: PathRef;
  readonly value: CExpr;
};

export const assignOp: Operation<'assign'> = {
  op: 'assign',
  compile(stmt, c) {
    const value = c.expr(stmt.value);
    const kill = c.flushReads(stmt);
    const { loc } = stmt;
    if (stmt.target.kind === 'local')
      c.emit({ op: 'set', loc, src: stmt, slot: c.slot(stmt.target.name), value }, kill);
    else c.emit({ op: 'assign', loc, src: stmt, path: c.path(stmt.target.path), value }, kill);
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    const path = step.path(instr.path);
    step.checkAccess(path, true);
    step.draft.setField(path, step.value(instr.value));
  },
  footprint: (instr, at) => at.access(at.path(instr.path), true),
  walk(instr, walker) {
    walker.path(instr.path, true);
  },
  accesses: (instr, path) => [{ path: path(instr.path), write: true }],
  describe(instr, at) {
    const path = at.path(instr.path);
    return { text: `${path} = …`, touched: [path] };
  },
  toPromela(instr, p) {
    const path = p.resolve(instr.path);
    return [p.atomic([...p.accessChecks(path), `${p.field(path)} = ${p.orUnknown(instr.value)}`])];
  },
};
