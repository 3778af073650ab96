// An operation on the MMU model's stage-2 state (`stage2.split`,
// `stage2.unmap`, `tlbi.vmid`, ...). In the race explorer only its target
// matters (a freed object is a use after free, an address an access); in a
// policy run the world model carries it out and gives its result.
import type { CExpr, InstrBase } from '../program/compiled.js';
import { EMPTY_CACHE, takeFromMemoryCache } from '@kvmsim/mmu-model';
import { operationAfterFree } from '../detectors/use-after-free.js';
import { isObjectRef } from '../program/values.js';
import { HEAP_READ } from '../kvm/resource.js';
import type { Operation } from './operation.js';
import { NO_ACCESS, ONE_CHOICE } from './operation.js';

/** The compiled instruction. */
export type WorldInstr = InstrBase & {
  readonly op: 'world';
  readonly action: string;
  readonly args: readonly CExpr[];
  readonly slot?: number;
};

export const worldOp: Operation<'world'> = {
  op: 'world',
  compile(stmt, c) {
    const args = stmt.args.map((arg) => c.expr(arg));
    const kill = c.flushReads(stmt);
    c.emit(
      {
        op: 'world',
        loc: stmt.loc,
        src: stmt,
        action: stmt.action,
        args,
        ...c.resultSlot(stmt.result),
      },
      kill,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    const { draft } = step;
    const target = instr.args[0] === undefined ? undefined : step.value(instr.args[0]);
    if (target !== undefined && isObjectRef(target) && step.object(target.object)?.freed === true)
      step.report(
        operationAfterFree(
          step.who,
          step.thread,
          instr.action,
          step.site,
          step.object(target.object),
        ),
      );
    else if (
      target !== undefined &&
      typeof target === 'object' &&
      target !== null &&
      'address' in target
    )
      step.checkAccess(target.address, true);
    const world = step.host.world;
    const result =
      world === undefined
        ? 0
        : world.apply({
            action: instr.action,
            args: instr.args.map((arg) => step.value(arg)),
            site: step.site,
            available: (cache) => (draft.caches[cache] ?? EMPTY_CACHE).nobjs,
            take: (cache, count) => {
              const taken = takeFromMemoryCache(draft.caches[cache] ?? EMPTY_CACHE, count);
              if (taken === undefined) throw new Error(`${cache} holds fewer than ${count} pages`);
              draft.setCache(cache, taken.cache);
              // The pages are table pages now: the page table frees them, not the cache.
              for (const page of taken.pages) {
                const object = draft.objects[page];
                if (object !== undefined) draft.setObject(page, { ...object, owned: false });
              }
            },
          });
    if (instr.slot !== undefined) step.set(instr.slot, result);
  },
  footprint(instr, at) {
    const target = instr.args[0];
    if (target?.kind === 'address') return at.access(at.path(target.path), true);
    return target === undefined ? [] : [HEAP_READ];
  },
  walk(instr, walker) {
    const target = instr.args[0];
    if (target?.kind === 'address') walker.path(target.path, true);
    else walker.heap(false);
  },
  accesses: () => NO_ACCESS,
  describe: (instr) => ({ text: instr.action }),
  toPromela(instr, p) {
    const target = instr.args[0];
    const lines: string[] = [];
    if (target?.kind === 'address') lines.push(...p.accessChecks(p.resolve(target.path)));
    else if (target !== undefined)
      lines.push(
        `tmp = ${p.orUnknown(target)}`,
        `assert(!(isobj(tmp) && freed[tmp - OBJ])) /* use-after-free: ${instr.action}, ${p.where} */`,
      );
    if (instr.slot !== undefined) lines.push(`${p.slot(instr.slot)} = 0`);
    return [p.atomic(lines)];
  },
};
