// A read or write of shared state whose value the model does not track: it
// matters only for data races, use after free and guarded-by rules.
import type { InstrBase, PathRef } from '../program/compiled.js';
import type { Operation } from './operation.js';
import { ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type AccessInstr = InstrBase & {
  readonly op: 'access';
  readonly path: PathRef;
  readonly mode: 'read' | 'write';
};

export const accessOp: Operation<'access'> = {
  op: 'access',
  compile(stmt, c) {
    c.emit(
      { op: 'access', loc: stmt.loc, src: stmt, path: c.path(stmt.path), mode: stmt.mode },
      undefined,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    step.checkAccess(step.path(instr.path), instr.mode === 'write');
  },
  footprint: (instr, at) => at.access(at.path(instr.path), instr.mode === 'write'),
  walk(instr, walker) {
    walker.path(instr.path, instr.mode === 'write');
  },
  accesses: (instr, path) => [{ path: path(instr.path), write: instr.mode === 'write' }],
  describe(instr, at) {
    const path = at.path(instr.path);
    return { text: `${instr.mode} ${path}`, touched: [path] };
  },
  toPromela: (instr, p) => [p.atomic(p.accessChecks(p.resolve(instr.path)))],
};
