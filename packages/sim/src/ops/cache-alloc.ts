// `kvm_mmu_memory_cache_alloc(cache)`: takes one page out of the cache (the
// model WARNs on an empty cache). In a policy run the page-table operation
// right after it takes its pages itself, so the extractor's one-page stand-in
// is not run there.
import type { InstrBase, PathRef } from '../program/compiled.js';
import { allocFromMemoryCache } from '@kvmsim/mmu-model';
import { cacheAfterFree } from '../detectors/use-after-free.js';
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
export type CacheAllocInstr = InstrBase & {
  readonly op: 'cache_alloc';
  readonly cache: PathRef;
  readonly snapshot: number;
  readonly slot?: number;
};

export const cacheAllocOp: Operation<'cache_alloc'> = {
  op: 'cache_alloc',
  compile(stmt, c) {
    const snapshot = c.cacheRead(stmt.cache);
    const kill = c.flushReads(stmt);
    c.emit(
      {
        op: 'cache_alloc',
        loc: stmt.loc,
        src: stmt,
        cache: c.path(stmt.cache),
        snapshot,
        ...c.resultSlot(stmt.result),
      },
      kill,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    if (step.host.world !== undefined && step.host.standsIn(step.fn, step.frame.pc)) return;
    const { path, snapshot } = beginCacheStep(instr, step);
    const result = allocFromMemoryCache(snapshot, cacheAllocator(step, path));
    finishCacheStep(instr, step, path, snapshot, result);
    const page = result.result;
    if (typeof page === 'number' && step.object(page)?.freed === true)
      step.report(
        cacheAfterFree(step.who, step.thread, `a page of ${path}`, step.site, step.object(page)),
      );
    if (instr.slot !== undefined)
      step.set(instr.slot, page === undefined ? null : { object: page });
  },
  footprint: cacheFootprint,
  walk: walkCache,
  accesses: cacheAccesses,
  describe: describeCacheCall('kvm_mmu_memory_cache_alloc'),
  toPromela(instr, p) {
    const { snap, checks, writeBack } = promelaCache(instr, p);
    p.allocates(1);
    return [
      p.atomic([
        ...checks,
        `if :: ${snap}_n == 0 -> assert(false) /* warn: allocation from an empty memory cache, ${p.where} */ :: else -> ${snap}_n--; tmp = ${snap}_pg[${snap}_n] fi`,
        ...writeBack,
        ...(instr.slot === undefined ? [] : [`${p.slot(instr.slot)} = tmp`]),
      ]),
    ];
  },
};
