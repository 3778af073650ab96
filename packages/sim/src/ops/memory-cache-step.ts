// What the three memory-cache operations share: `kvm_mmu_topup_memory_cache`,
// `kvm_mmu_memory_cache_alloc` and `kvm_mmu_free_memory_cache` act on the
// snapshot of the cache their read step took (the C reads `nobjs` and
// `objects` before it changes them), check a freed `objects` array, run the
// MMU model's memory-cache semantics (whose events are frees, might-sleeps
// and WARNs), and write the cache back.
import type { CacheStep, MemoryCache, Path } from '@kvmsim/mmu-model';
import { EMPTY_CACHE } from '@kvmsim/mmu-model';
import { memoryCacheWarns } from '../detectors/warn.js';
import { cacheAfterFree } from '../detectors/use-after-free.js';
import { cacheObjectLabel } from '../kvm/initial-world.js';
import type { StepContext } from '../kvm/step-context.js';
import type { PathRef } from '../program/compiled.js';
import { HEAP_WRITE } from '../kvm/resource.js';
import type {
  DescribeContext,
  Description,
  FootprintContext,
  InstrOf,
  PromelaContext,
  StaticWalker,
} from './operation.js';

export type CacheInstr = InstrOf<'cache_topup' | 'cache_alloc' | 'cache_free'>;

/** The cache as the read step saw it (the cache now when the snapshot is gone). */
export function cacheSnapshot(instr: CacheInstr, step: StepContext, path: Path): MemoryCache {
  const value = step.slots[instr.snapshot];
  return value !== undefined && value !== null && typeof value === 'object' && 'cache' in value
    ? value.cache
    : (step.draft.caches[path] ?? EMPTY_CACHE);
}

/**
 * The part before the model runs: the access check, and for a topup or an
 * allocation, a use after free when the values read a step ago name an
 * `objects` array another thread freed since.
 */
export function beginCacheStep(
  instr: CacheInstr,
  step: StepContext,
): { path: Path; snapshot: MemoryCache } {
  const path = step.path(instr.cache);
  step.checkAccess(path, true);
  const snapshot = cacheSnapshot(instr, step, path);
  if (
    instr.op !== 'cache_free' &&
    snapshot.objects !== null &&
    step.object(snapshot.objects)?.freed === true
  )
    step.report(
      cacheAfterFree(
        step.who,
        step.thread,
        `${path}.objects`,
        step.site,
        step.object(snapshot.objects),
      ),
    );
  return { path, snapshot };
}

/** New objects for the model, labelled after the cache. */
export function cacheAllocator(step: StepContext, path: Path) {
  return { allocate: (what: 'array' | 'page') => step.newObject(cacheObjectLabel(path, what)) };
}

/** The part after the model ran: its events, the cache written back, the event for the policy runner. */
export function finishCacheStep(
  instr: CacheInstr,
  step: StepContext,
  path: Path,
  before: MemoryCache,
  result: CacheStep<unknown>,
): void {
  let slept = false;
  for (const event of result.events) {
    if (event.kind === 'free') step.freeObject(event.object, event.api);
    else if (event.kind === 'might-sleep' && !slept) {
      slept = true;
      step.mightSleep(event.reason);
    } else if (event.kind === 'warn')
      step.report(memoryCacheWarns(step.thread, event.api, event.message, path, step.site));
  }
  step.draft.setCache(path, result.cache);
  step.emit({
    kind: 'cache',
    op: instr.op === 'cache_topup' ? 'topup' : instr.op === 'cache_alloc' ? 'alloc' : 'free',
    cache: path,
    before,
    after: result.cache,
  });
}

export const cacheFootprint = (instr: CacheInstr, at: FootprintContext) => [
  HEAP_WRITE,
  ...at.access(at.path(instr.cache), true),
];

export function walkCache(instr: CacheInstr, walker: StaticWalker): void {
  walker.heap(true);
  walker.path(instr.cache, true);
}

/** A trace's text for a cache operation: the kernel call on the cache's path. */
export function describeCacheCall(call: string) {
  return (instr: CacheInstr, at: DescribeContext): Description => {
    const path = at.path(instr.cache);
    return { text: `${call}(${path})`, touched: [path] };
  };
}

export const cacheAccesses = (instr: CacheInstr, path: (ref: PathRef) => Path) => [
  { path: path(instr.cache), write: true },
];

/** Promela: the checks, the cache's variables and the snapshot's, and how to write the snapshot back. */
export function promelaCache(instr: CacheInstr, p: PromelaContext) {
  const path = p.resolve(instr.cache);
  const cache = p.cache(path);
  const snap = p.slot(instr.snapshot);
  return {
    path,
    cache,
    snap,
    checks: p.accessChecks(path),
    writeBack: [
      `${cache}_cap = ${snap}_cap`,
      `${cache}_n = ${snap}_n`,
      `${cache}_arr = ${snap}_arr`,
      `copy_pages(${cache}_pg, ${snap}_pg)`,
    ],
  };
}
