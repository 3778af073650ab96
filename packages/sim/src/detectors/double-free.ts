// double-free: a second free of the same object. Its identity is the object
// and both free sites, in either order.
import type { Violation } from '../kvm/observation.js';
import type { HeapObject, Site } from '../kvm/sim-state.js';

/** `who` frees `object` again with `api` at `site`. */
export function freedTwice(
  who: string,
  thread: number,
  object: HeapObject,
  api: string,
  site: Site,
): Violation {
  const first = object.freedAt;
  const sites = first === undefined ? [site] : [site, first];
  const places = sites
    .map((s) => `${s.function}:${s.loc.line}`)
    .sort()
    .join('+');
  return {
    kind: 'double-free',
    rule: 'free-twice',
    key: `double-free|${object.label}|${places}`,
    message: `${who} frees ${object.label} again with ${api} in ${site.function}${first === undefined ? '' : `; it was freed in ${first.function} at ${first.loc.file}:${first.loc.line}`}`,
    threads:
      object.freedBy === undefined || object.freedBy === thread
        ? [thread]
        : [thread, object.freedBy],
    sites,
    subject: object.label,
  };
}
