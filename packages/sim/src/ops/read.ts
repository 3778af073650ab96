// The read half of a statement: the shared fields (and memory-cache
// snapshots) its expressions read, as one scheduling point before the
// statement's own effect (docs/ir.md, "Atomicity"). Made by the compiler,
// not written in the IR.
import type { InstrBase, ReadTarget } from '../program/compiled.js';
import { EMPTY_CACHE } from '@kvmsim/mmu-model';
import type { Operation } from './operation.js';
import { ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type ReadInstr = InstrBase & { readonly op: 'read'; readonly reads: readonly ReadTarget[] };

export const readOp: Operation<'read'> = {
  op: 'read',
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    for (const read of instr.reads) {
      const path = step.path(read.path);
      step.checkAccess(path, false);
      step.set(
        read.slot,
        read.kind === 'field'
          ? step.host.readField(step.draft, path)
          : { cache: step.draft.caches[path] ?? EMPTY_CACHE },
      );
    }
  },
  footprint: (instr, at) => instr.reads.flatMap((read) => at.access(at.path(read.path), false)),
  walk(instr, walker) {
    for (const read of instr.reads) walker.path(read.path, false);
  },
  accesses: (instr, path) => instr.reads.map((read) => ({ path: path(read.path), write: false })),
  describe(instr, at) {
    const paths = instr.reads.map((read) => at.path(read.path));
    return { text: `read ${paths.join(', ')}`, touched: paths };
  },
  toPromela(instr, p) {
    const lines: string[] = [];
    for (const read of instr.reads) {
      const path = p.resolve(read.path);
      lines.push(...p.accessChecks(path));
      if (read.kind === 'field') lines.push(`${p.slot(read.slot)} = ${p.readField(path)}`);
      else {
        const cache = p.cache(path);
        const snap = p.slot(read.slot);
        lines.push(
          `${snap}_cap = ${cache}_cap`,
          `${snap}_n = ${cache}_n`,
          `${snap}_arr = ${cache}_arr`,
          `copy_pages(${snap}_pg, ${cache}_pg)`,
        );
      }
    }
    return [p.atomic(lines)];
  },
};
