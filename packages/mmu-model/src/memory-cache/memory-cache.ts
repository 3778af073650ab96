// struct kvm_mmu_memory_cache and its operations, as a pure state machine
// mirroring virt/kvm/kvm_main.c: __kvm_mmu_topup_memory_cache,
// kvm_mmu_topup_memory_cache, kvm_mmu_memory_cache_alloc,
// kvm_mmu_free_memory_cache and kvm_mmu_memory_cache_nr_free_objects.
//
// Objects (the kvmalloc'd `objects` array and each page) have identities
// handed out by the caller's allocator, so a simulator can tell a double free
// or a use after free of the array or of a page. Every WARN is an event in the
// result, never an exception: the kernel carries on after a WARN, and so must
// the simulation.

/** Identity of a heap object (the array or a page). */
export type ObjectId = number;

export interface MemoryCache {
  /** Pages held, i.e. mc->nobjs. */
  readonly nobjs: number;
  /** mc->capacity: 0 until the first topup allocates the array. */
  readonly capacity: number;
  /** mc->objects: the array, or null. */
  readonly objects: ObjectId | null;
  /** The pages in mc->objects[0..nobjs), oldest first. */
  readonly pages: readonly ObjectId[];
}

/** KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE on arm64 (asm/kvm_types.h). */
export const KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE = 40;

export const EIO = -5;
export const ENOMEM = -12;

export type CacheEvent =
  | { readonly kind: 'alloc'; readonly object: ObjectId; readonly what: 'array' | 'page' }
  | { readonly kind: 'free'; readonly object: ObjectId; readonly api: 'kvfree' | 'free_page' }
  | { readonly kind: 'warn'; readonly api: 'WARN_ON_ONCE' | 'WARN_ON'; readonly message: string }
  | { readonly kind: 'might-sleep'; readonly reason: string };

export interface CacheStep<T = number> {
  readonly cache: MemoryCache;
  /** The C return value: 0 or -errno for topups, the object for alloc. */
  readonly result: T;
  readonly events: readonly CacheEvent[];
}

/** Hands out object identities; the caller keeps it deterministic. */
export interface ObjectAllocator {
  /** A new object, or undefined when the allocation fails (models -ENOMEM). */
  allocate(what: 'array' | 'page'): ObjectId | undefined;
}

export const EMPTY_CACHE: MemoryCache = { nobjs: 0, capacity: 0, objects: null, pages: [] };

/** __kvm_mmu_topup_memory_cache(mc, capacity, min). */
export function topupMemoryCache(
  cache: MemoryCache,
  capacity: number,
  min: number,
  allocator: ObjectAllocator,
): CacheStep {
  const events: CacheEvent[] = [];
  if (cache.nobjs >= min) return { cache, result: 0, events };
  let current = cache;
  if (current.objects === null) {
    if (capacity === 0) {
      events.push({
        kind: 'warn',
        api: 'WARN_ON_ONCE',
        message: 'topup of a cache with no array and capacity 0',
      });
      return { cache: current, result: EIO, events };
    }
    events.push({ kind: 'might-sleep', reason: 'kvmalloc_array(GFP_KERNEL_ACCOUNT)' });
    const array = allocator.allocate('array');
    if (array === undefined) return { cache: current, result: ENOMEM, events };
    events.push({ kind: 'alloc', object: array, what: 'array' });
    current = { ...current, objects: array, capacity };
  }
  if (current.capacity !== capacity) {
    events.push({
      kind: 'warn',
      api: 'WARN_ON_ONCE',
      message: `it is illegal to request a different capacity across topups (cache has ${current.capacity}, topup asks ${capacity})`,
    });
    return { cache: current, result: EIO, events };
  }
  const pages = [...current.pages];
  while (pages.length < current.capacity) {
    events.push({ kind: 'might-sleep', reason: 'page allocation (GFP_KERNEL_ACCOUNT)' });
    const page = allocator.allocate('page');
    if (page === undefined) {
      const filled = { ...current, pages, nobjs: pages.length };
      return { cache: filled, result: pages.length >= min ? 0 : ENOMEM, events };
    }
    events.push({ kind: 'alloc', object: page, what: 'page' });
    pages.push(page);
  }
  return { cache: { ...current, pages, nobjs: pages.length }, result: 0, events };
}

/** kvm_mmu_topup_memory_cache(mc, min): capacity KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE. */
export function topupMemoryCacheDefault(
  cache: MemoryCache,
  min: number,
  allocator: ObjectAllocator,
): CacheStep {
  return topupMemoryCache(cache, KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE, min, allocator);
}

/**
 * kvm_mmu_memory_cache_alloc(mc): the last page pushed. From an empty cache it
 * WARNs and falls back to a GFP_ATOMIC allocation; if that fails, BUG_ON(!p)
 * (reported as result undefined with a warn event of its own).
 */
export function allocFromMemoryCache(
  cache: MemoryCache,
  allocator: ObjectAllocator,
): CacheStep<ObjectId | undefined> {
  if (cache.nobjs === 0) {
    const events: CacheEvent[] = [
      {
        kind: 'warn',
        api: 'WARN_ON',
        message: 'allocation from an empty memory cache; falling back to GFP_ATOMIC',
      },
    ];
    const page = allocator.allocate('page');
    if (page === undefined) {
      events.push({
        kind: 'warn',
        api: 'WARN_ON',
        message: 'BUG_ON(!p): GFP_ATOMIC fallback failed',
      });
      return { cache, result: undefined, events };
    }
    events.push({ kind: 'alloc', object: page, what: 'page' });
    return { cache, result: page, events };
  }
  const pages = cache.pages.slice(0, -1);
  return {
    cache: { ...cache, pages, nobjs: pages.length },
    result: cache.pages.at(-1),
    events: [],
  };
}

/**
 * `count` pages taken at once, newest first, by a page-table walker that
 * checked `mc->nobjs >= count` beforehand (stage2_split_walker). Undefined
 * when the cache holds fewer.
 */
export function takeFromMemoryCache(
  cache: MemoryCache,
  count: number,
): { readonly cache: MemoryCache; readonly pages: readonly ObjectId[] } | undefined {
  if (count > cache.nobjs) return undefined;
  const keep = cache.pages.length - count;
  return {
    cache: { ...cache, pages: cache.pages.slice(0, keep), nobjs: keep },
    pages: cache.pages.slice(keep),
  };
}

/** kvm_mmu_free_memory_cache(mc): frees the pages (newest first) and the array; capacity becomes 0. */
export function freeMemoryCache(cache: MemoryCache): CacheStep {
  const events: CacheEvent[] = [...cache.pages]
    .reverse()
    .map((page) => ({ kind: 'free', object: page, api: 'free_page' }) as const);
  // kvfree(NULL) is a no-op, so an already freed cache frees nothing more.
  if (cache.objects !== null) events.push({ kind: 'free', object: cache.objects, api: 'kvfree' });
  return { cache: EMPTY_CACHE, result: 0, events };
}

/** kvm_mmu_memory_cache_nr_free_objects(mc). */
export function memoryCacheFreeObjects(cache: MemoryCache): number {
  return cache.nobjs;
}
