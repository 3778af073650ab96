// The world a scenario starts in, with heap objects numbered in one fixed
// order (fields by path, then caches by path: array, then pages) that the
// explorer and the Promela export share.
import type { MemoryCache, Path } from '@kvmsim/mmu-model';
import { EMPTY_CACHE } from '@kvmsim/mmu-model';
import type { Value } from '../program/values.js';
import type { HeapObject } from './sim-state.js';
import type { InitialWorld } from './simulation-input.js';

/** The label of a memory cache's objects array, or of one of its pages. */
export function cacheObjectLabel(cache: Path, what: 'array' | 'page'): string {
  return what === 'array' ? `${cache}.objects` : `${cache} page`;
}

/**
 * What a finding's subject is about, as a maintainer names it: a memory
 * cache for its objects array and its pages (one `kvm_mmu_free_memory_cache`
 * frees both), the subject itself otherwise.
 */
export function subjectRoot(subject: string): string {
  return subject.replace(/(?:\.objects| page)$/, '');
}

const byPath = <T>(record: Readonly<Record<Path, T>>): [Path, T][] =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function initialWorld(world: InitialWorld): {
  fields: Record<Path, Value>;
  caches: Record<Path, MemoryCache>;
  objects: HeapObject[];
} {
  const objects: HeapObject[] = [];
  const fields: Record<Path, Value> = {};
  for (const [path, value] of byPath(world.fields ?? {})) {
    if (value !== null && typeof value === 'object' && 'object' in value) {
      objects.push({ label: value.object, freed: false, owned: true });
      fields[path] = { object: objects.length - 1 };
    } else fields[path] = value;
  }
  const caches: Record<Path, MemoryCache> = {};
  for (const [path, cache] of byPath(world.caches ?? {})) {
    if (cache.capacity === 0) {
      caches[path] = EMPTY_CACHE;
      continue;
    }
    objects.push({ label: cacheObjectLabel(path, 'array'), freed: false, owned: true });
    const array = objects.length - 1;
    const pages: number[] = [];
    for (let page = 0; page < cache.nobjs; page += 1) {
      objects.push({ label: cacheObjectLabel(path, 'page'), freed: false, owned: true });
      pages.push(objects.length - 1);
    }
    caches[path] = { capacity: cache.capacity, nobjs: cache.nobjs, objects: array, pages };
  }
  return { fields, caches, objects };
}
