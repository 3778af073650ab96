// `__kvm_mmu_topup_memory_cache(cache, capacity, min)` and
// `kvm_mmu_topup_memory_cache(cache, min)`: fills the cache to its capacity
// when it holds fewer than `min` pages; may sleep; the model WARNs on a
// capacity different from the one the cache was first filled to. A capacity
// the model cannot evaluate is a notice, and the topup is not simulated.
import type { CExpr, InstrBase, PathRef } from '../program/compiled.js';
import { topupMemoryCache } from '@kvmsim/mmu-model';
import type { Operation } from './operation.js';
import { ONE_CHOICE } from './operation.js';
import {
  beginCacheStep,
  cacheAccesses,
  cacheAllocator,
  cacheFootprint,
  describeCacheCall,
  finishCacheStep,
  promelaCache,
  walkCache,
} from './memory-cache-step.js';

/** The compiled instruction. */
export type CacheTopupInstr = InstrBase & {
  readonly op: 'cache_topup';
  readonly cache: PathRef;
  readonly snapshot: number;
  readonly capacity: CExpr;
  readonly min: CExpr;
  readonly slot?: number;
};

export const cacheTopupOp: Operation<'cache_topup'> = {
  op: 'cache_topup',
  compile(stmt, c) {
    const snapshot = c.cacheRead(stmt.cache);
    const capacity = c.expr(stmt.capacity);
    const min = c.expr(stmt.min);
    const kill = c.flushReads(stmt);
    c.emit(
      {
        op: 'cache_topup',
        loc: stmt.loc,
        src: stmt,
        cache: c.path(stmt.cache),
        snapshot,
        capacity,
        min,
        ...c.resultSlot(stmt.result),
      },
      kill,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    const { path, snapshot } = beginCacheStep(instr, step);
    const capacity = step.value(instr.capacity);
    // A minimum the model cannot evaluate (kvm_mmu_cache_min_pages() of an
    // unknown MMU) is at least one page: an empty cache is filled, a
    // non-empty one left as is.
    const minimum = step.value(instr.min);
    const min = typeof minimum === 'number' ? minimum : 1;
    if (typeof capacity !== 'number') {
      step.report({
        kind: 'notice',
        key: `notice|topup|${step.site.function}:${step.site.loc.line}`,
        message: `the capacity of the topup in ${step.site.function} could not be evaluated; the topup was not simulated`,
        threads: [step.thread],
        sites: [step.site],
      });
      if (instr.slot !== undefined) step.set(instr.slot, { unknown: 'topup result' });
      return;
    }
    const result = topupMemoryCache(snapshot, capacity, min, cacheAllocator(step, path));
    finishCacheStep(instr, step, path, snapshot, result);
    if (instr.slot !== undefined) step.set(instr.slot, result.result ?? null);
  },
  footprint: cacheFootprint,
  walk: walkCache,
  accesses: cacheAccesses,
  describe: describeCacheCall('__kvm_mmu_topup_memory_cache'),
  toPromela(instr, p) {
    const { snap, checks, writeBack } = promelaCache(instr, p);
    const capacity = p.expr(instr.capacity);
    const min = p.expr(instr.min);
    if (capacity.known !== '1' || min.known !== '1')
      p.fail('a topup whose capacity or minimum is not a constant of the scenario');
    const capacityValue = Number(capacity.value);
    if (Number.isInteger(capacityValue)) p.pages(capacityValue);
    p.allocates(Number.isInteger(capacityValue) ? capacityValue + 1 : 64);
    const result = instr.slot === undefined ? [] : [`${p.slot(instr.slot)} = 0`];
    return [
      p.atomic([
        ...checks,
        [
          `if :: ${snap}_n >= ${min.value} -> skip`,
          `:: else -> if :: ${snap}_arr == 0 && ${capacity.value} == 0 -> assert(false) /* warn: topup with no array and capacity 0, ${p.where} */`,
          `:: else -> if :: ${snap}_arr == 0 -> ${snap}_arr = OBJ + nextobj; nextobj++; ${snap}_cap = ${capacity.value} :: else -> skip fi;`,
          `if :: ${snap}_cap != ${capacity.value} -> assert(false) /* warn: different capacity across topups, ${p.where} */`,
          `:: else -> do :: ${snap}_n < ${snap}_cap -> assert(nextobj < MAXOBJ); ${snap}_pg[${snap}_n] = OBJ + nextobj; nextobj++; ${snap}_n++ :: else -> break od fi fi fi`,
        ].join(' '),
        ...writeBack,
        ...result,
      ]),
    ];
  },
};
