// `kvm_mmu_free_memory_cache(cache)`: frees every page and the `objects`
// array; the capacity becomes 0. Freeing a page or array twice is a double
// free.
import type { InstrBase, PathRef } from '../program/compiled.js';
import { freeMemoryCache } from '@kvmsim/mmu-model';
import type { Operation } from './operation.js';
import { ONE_CHOICE } from './operation.js';
import {
  beginCacheStep,
  cacheAccesses,
  cacheFootprint,
  describeCacheCall,
  finishCacheStep,
  promelaCache,
  walkCache,
} from './memory-cache-step.js';

/** The compiled instruction. */
export type CacheFreeInstr = InstrBase & {
  readonly op: 'cache_free';
  readonly cache: PathRef;
  readonly snapshot: number;
};

export const cacheFreeOp: Operation<'cache_free'> = {
  op: 'cache_free',
  compile(stmt, c) {
    const snapshot = c.cacheRead(stmt.cache);
    const kill = c.flushReads(stmt);
    c.emit(
      { op: 'cache_free', loc: stmt.loc, src: stmt, cache: c.path(stmt.cache), snapshot },
      kill,
    );
  },
  enabled: () => ONE_CHOICE,
  apply(instr, step) {
    const { path, snapshot } = beginCacheStep(instr, step);
    finishCacheStep(instr, step, path, snapshot, freeMemoryCache(snapshot));
  },
  footprint: cacheFootprint,
  walk: walkCache,
  accesses: cacheAccesses,
  describe: describeCacheCall('kvm_mmu_free_memory_cache'),
  toPromela(instr, p) {
    const { path, cache, snap, checks } = promelaCache(instr, p);
    return [
      p.atomic([
        ...checks,
        `do :: ${snap}_n > 0 -> ${snap}_n--; tmp = ${snap}_pg[${snap}_n]; ${p.freeObject('tmp', `cache page of ${path}`)} :: else -> break od`,
        `if :: ${snap}_arr != 0 -> tmp = ${snap}_arr; ${p.freeObject('tmp', `${path}.objects`)} :: else -> skip fi`,
        `${cache}_cap = 0`,
        `${cache}_n = 0`,
        `${cache}_arr = 0`,
      ]),
    ];
  },
};
