// `k*alloc*`, `kv*alloc*`, `__get_free_page*`: a new heap object, stored in a
// local or a field. A GFP_KERNEL allocation may sleep; a fallible one may
// return NULL when the scenario asks for allocation failures (a choice).
import type { InstrBase, PathRef } from '../program/compiled.js';
import type { Value } from '../program/values.js';
import { HEAP_WRITE } from '../kvm/resource.js';
import type { Operation } from './operation.js';
import { NO_ACCESS, ONE_CHOICE, TWO_CHOICES } from './operation.js';

/** The compiled instruction. */
export type AllocInstr = InstrBase & {
  readonly op: 'alloc';
  readonly target: { readonly slot: number } | { readonly path: PathRef };
  readonly object: string;
  readonly api: string;
  readonly mightSleep: boolean;
  readonly mayFail: boolean;
};

export const allocOp: Operation<'alloc'> = {
  op: 'alloc',
  compile(stmt, c) {
    c.emit(
      {
        op: 'alloc',
        loc: stmt.loc,
        src: stmt,
        target:
          stmt.target.kind === 'local'
            ? { slot: c.slot(stmt.target.name) }
            : { path: c.path(stmt.target.path) },
        object: stmt.object,
        api: stmt.api,
        mightSleep: stmt.mightSleep,
        mayFail: stmt.mayFail,
      },
      undefined,
    );
  },
  enabled: (instr, at) => (instr.mayFail && at.host.allocationFailures ? TWO_CHOICES : ONE_CHOICE),
  apply(instr, step) {
    if (instr.mightSleep) step.mightSleep(instr.api);
    const result: Value = step.choice === 1 ? null : { object: step.newObject(instr.object) };
    if ('slot' in instr.target) step.set(instr.target.slot, result);
    else {
      const path = step.path(instr.target.path);
      step.checkAccess(path, true);
      step.draft.setField(path, result);
    }
  },
  footprint: (instr, at) =>
    'path' in instr.target
      ? [HEAP_WRITE, ...at.access(at.path(instr.target.path), true)]
      : [HEAP_WRITE],
  walk(instr, walker) {
    walker.heap(true);
    if ('path' in instr.target) walker.path(instr.target.path, true);
  },
  accesses: (instr, path) =>
    'path' in instr.target ? [{ path: path(instr.target.path), write: true }] : NO_ACCESS,
  describe(instr, at) {
    const target = 'path' in instr.target ? at.path(instr.target.path) : undefined;
    return {
      text: `${target ?? 'local'} = ${instr.api}()${at.choice === 1 ? ' fails' : ''}`,
      ...(target === undefined ? {} : { touched: [target] }),
    };
  },
  toPromela(instr, p) {
    p.allocates(1);
    const target =
      'slot' in instr.target ? p.slot(instr.target.slot) : p.field(p.resolve(instr.target.path));
    const checks = 'path' in instr.target ? p.accessChecks(p.resolve(instr.target.path)) : [];
    const allocate = [
      ...checks,
      'assert(nextobj < MAXOBJ) /* raise MAXOBJ */',
      `${target} = OBJ + nextobj`,
      'nextobj++',
    ];
    if (!(instr.mayFail && p.allocationFailures)) return [p.atomic(allocate)];
    return [
      `if :: atomic { ${allocate.join('; ')} } :: atomic { ${[...checks, `${target} = 0`].join('; ')} } fi; ${p.next}`,
    ];
  },
};
