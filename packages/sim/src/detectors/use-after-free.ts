// use-after-free: an access to, a cache operation on, or a world operation on
// an object whose lifetime a free already ended. The subject is the freed
// object, not the member touched: one free, one finding.
import type { Path } from '@kvmsim/mmu-model';
import type { Violation } from '../kvm/observation.js';
import type { HeapObject, Site } from '../kvm/sim-state.js';

function freedWhere(object: HeapObject | undefined): string {
  const at = object?.freedAt;
  return at === undefined ? '' : ` (freed in ${at.function} at ${at.loc.file}:${at.loc.line})`;
}

function freedSites(site: Site, object: HeapObject | undefined): readonly Site[] {
  return object?.freedAt === undefined ? [site] : [site, object.freedAt];
}

function key(object: HeapObject | undefined, site: Site): string {
  return `use-after-free|${object?.label}|${site.function}:${site.loc.line}`;
}

/** `who` (thread `thread`) reads or writes `path`, which goes through the freed `object`. */
export function accessAfterFree(
  who: string,
  thread: number,
  path: Path,
  write: boolean,
  site: Site,
  object: HeapObject | undefined,
): Violation {
  return {
    kind: 'use-after-free',
    rule: 'access-after-free',
    key: key(object, site),
    message: `${who} ${write ? 'writes' : 'reads'} ${path} in ${site.function}, but ${object?.label} was already freed${freedWhere(object)}`,
    threads:
      object?.freedBy === undefined || object.freedBy === thread
        ? [thread]
        : [thread, object.freedBy],
    sites: freedSites(site, object),
    subject: object?.label ?? path,
  };
}

/** A memory-cache operation on a freed `objects` array or page (`what` names it). */
export function cacheAfterFree(
  who: string,
  thread: number,
  what: string,
  site: Site,
  object: HeapObject | undefined,
): Violation {
  return {
    kind: 'use-after-free',
    rule: 'cache-after-free',
    key: key(object, site),
    message: `${who} uses ${what} in ${site.function}, but it was already freed${freedWhere(object).replace(' (freed in', ' (in')}`,
    threads: [thread],
    sites: freedSites(site, object),
    subject: object?.label ?? what,
  };
}

/** A world operation (`stage2.split`, ...) on a freed object. */
export function operationAfterFree(
  who: string,
  thread: number,
  action: string,
  site: Site,
  object: HeapObject | undefined,
): Violation {
  return {
    kind: 'use-after-free',
    rule: 'operation-after-free',
    key: key(object, site),
    message: `${who} runs ${action} in ${site.function} on ${object?.label}, which was already freed`,
    threads: [thread],
    sites: freedSites(site, object),
    subject: object?.label ?? action,
  };
}
