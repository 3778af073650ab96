import { describe, expect, it } from 'vitest';
import {
  takeFromMemoryCache,
  EIO,
  EMPTY_CACHE,
  ENOMEM,
  allocFromMemoryCache,
  freeMemoryCache,
  memoryCacheFreeObjects,
  topupMemoryCache,
  topupMemoryCacheDefault,
  type ObjectAllocator,
} from './memory-cache.js';

/** Object ids 1, 2, 3, ...; fails after `limit` allocations. */
function counter(limit = Number.POSITIVE_INFINITY): ObjectAllocator & { count: number } {
  return {
    count: 0,
    allocate() {
      if (this.count >= limit) return undefined;
      this.count += 1;
      return this.count;
    },
  };
}

const warns = (events: readonly { kind: string }[]) =>
  events.filter((event) => event.kind === 'warn');

describe('__kvm_mmu_topup_memory_cache', () => {
  it('first topup allocates the array, sets capacity and fills to capacity', () => {
    // 4K granule, 1G chunk: capacity = min = 513 (kvm_mmu_split_huge_pages).
    const step = topupMemoryCache(EMPTY_CACHE, 513, 513, counter());
    expect(step.result).toBe(0);
    expect(step.cache).toMatchObject({ nobjs: 513, capacity: 513, objects: 1 });
    expect(step.cache.pages).toHaveLength(513);
    expect(warns(step.events)).toEqual([]);
  });

  it('does nothing when the cache already holds min objects', () => {
    const full = topupMemoryCache(EMPTY_CACHE, 4, 4, counter()).cache;
    const step = topupMemoryCache(full, 4, 2, counter());
    expect(step.cache).toBe(full);
    expect(step.events).toEqual([]);
  });

  it('WARNs and fails with -EIO when a cache without array is topped up with capacity 0', () => {
    const step = topupMemoryCache(EMPTY_CACHE, 0, 1, counter());
    expect(step.result).toBe(EIO);
    expect(warns(step.events)).toEqual([expect.objectContaining({ api: 'WARN_ON_ONCE' })]);
  });

  it('WARNs and fails with -EIO on a different capacity across topups (the seed thread case)', () => {
    // The cache was used with a 1G chunk (capacity 513) and the split consumed
    // every page; userspace then sets a 2M chunk and the next split tops up
    // with capacity 2 = kvm_mmu_split_nr_page_tables(2M).
    let cache = topupMemoryCache(EMPTY_CACHE, 513, 513, counter()).cache;
    while (cache.nobjs > 0) cache = allocFromMemoryCache(cache, counter()).cache;
    const step = topupMemoryCache(cache, 2, 2, counter());
    expect(step.result).toBe(EIO);
    expect(warns(step.events)[0]).toMatchObject({
      message: expect.stringContaining('different capacity'),
    });
    expect(step.cache).toEqual(cache);
  });

  it('returns early, before the capacity check, while the cache holds min objects', () => {
    // nobjs >= min is tested first: a cache with 512 pages left answers a
    // capacity-2 topup with 0 and no WARN, so the WARN waits for a drained cache.
    const used = allocFromMemoryCache(
      topupMemoryCache(EMPTY_CACHE, 513, 513, counter()).cache,
      counter(),
    ).cache;
    const step = topupMemoryCache(used, 2, 2, counter());
    expect(step.result).toBe(0);
    expect(step.events).toEqual([]);
  });

  it('returns -ENOMEM when pages run out below min, 0 when min was reached', () => {
    expect(topupMemoryCache(EMPTY_CACHE, 10, 5, counter(4)).result).toBe(ENOMEM); // array + 3 pages
    const partial = topupMemoryCache(EMPTY_CACHE, 10, 3, counter(4));
    expect(partial.result).toBe(0);
    expect(partial.cache.nobjs).toBe(3);
  });

  it('reports that it may sleep', () => {
    const events = topupMemoryCache(EMPTY_CACHE, 1, 1, counter()).events;
    expect(events.some((event) => event.kind === 'might-sleep')).toBe(true);
  });

  it('kvm_mmu_topup_memory_cache uses KVM_ARCH_NR_OBJS_PER_MEMORY_CACHE (40)', () => {
    expect(topupMemoryCacheDefault(EMPTY_CACHE, 1, counter()).cache.capacity).toBe(40);
  });
});

describe('kvm_mmu_memory_cache_alloc', () => {
  it('takes the last page pushed', () => {
    const cache = topupMemoryCache(EMPTY_CACHE, 3, 3, counter()).cache; // array 1, pages 2,3,4
    const step = allocFromMemoryCache(cache, counter());
    expect(step.result).toBe(4);
    expect(memoryCacheFreeObjects(step.cache)).toBe(2);
  });

  it('WARNs on an empty cache and falls back to GFP_ATOMIC', () => {
    const step = allocFromMemoryCache(EMPTY_CACHE, counter());
    expect(step.result).toBe(1);
    expect(warns(step.events)).toHaveLength(1);
  });

  it('reports BUG_ON when the fallback fails too', () => {
    const step = allocFromMemoryCache(EMPTY_CACHE, counter(0));
    expect(step.result).toBeUndefined();
    expect(warns(step.events)).toHaveLength(2);
  });
});

describe('kvm_mmu_free_memory_cache', () => {
  it('frees every page and the array, and resets capacity to 0', () => {
    const cache = topupMemoryCache(EMPTY_CACHE, 2, 2, counter()).cache; // array 1, pages 2,3
    const step = freeMemoryCache(cache);
    expect(step.cache).toEqual(EMPTY_CACHE);
    expect(step.events).toEqual([
      { kind: 'free', object: 3, api: 'free_page' },
      { kind: 'free', object: 2, api: 'free_page' },
      { kind: 'free', object: 1, api: 'kvfree' },
    ]);
  });

  it('frees nothing on a cache that is already empty (kvfree(NULL))', () => {
    expect(freeMemoryCache(EMPTY_CACHE).events).toEqual([]);
  });

  it('lets a freed cache be topped up with a new capacity, which is why the kernel frees it', () => {
    const freed = freeMemoryCache(topupMemoryCache(EMPTY_CACHE, 513, 513, counter()).cache).cache;
    const step = topupMemoryCache(freed, 2, 2, counter());
    expect(step.result).toBe(0);
    expect(warns(step.events)).toEqual([]);
  });
});

describe('takeFromMemoryCache', () => {
  it('takes the newest pages at once, and refuses when the cache holds fewer', () => {
    const cache = { capacity: 4, nobjs: 3, objects: 9, pages: [1, 2, 3] };
    expect(takeFromMemoryCache(cache, 2)).toEqual({
      cache: { capacity: 4, nobjs: 1, objects: 9, pages: [1] },
      pages: [2, 3],
    });
    expect(takeFromMemoryCache(cache, 4)).toBeUndefined();
  });
});
