// leak: objects the scenario's code allocated (and owns) still allocated when
// a scenario that destroys the VM ends. One finding per object label, located
// where the code allocated those objects (objects the world started with have
// no such place).
import type { Violation } from '../kvm/observation.js';
import type { HeapObject, Site } from '../kvm/sim-state.js';

/** The leaks among `objects` at the end of a VM-destroying run. */
export function leaks(objects: readonly HeapObject[]): Violation[] {
  const leaked = new Map<string, { count: number; sites: Map<string, Site> }>();
  for (const object of objects) {
    if (!object.owned || object.freed) continue;
    const entry = leaked.get(object.label) ?? { count: 0, sites: new Map<string, Site>() };
    entry.count += 1;
    const at = object.allocatedAt;
    if (at !== undefined) entry.sites.set(`${at.function}:${at.loc.file}:${at.loc.line}`, at);
    leaked.set(object.label, entry);
  }
  return [...leaked].map(([label, { count, sites }]) => ({
    kind: 'leak',
    rule: 'still-allocated',
    key: `leak|${label}`,
    message: `${count === 1 ? label : `${count} × ${label}`} still allocated when the scenario ends with the VM destroyed`,
    threads: [],
    sites: [...sites.values()],
    subject: label,
  }));
}
