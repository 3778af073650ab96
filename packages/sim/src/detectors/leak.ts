// leak: objects the scenario's code allocated (and owns) still allocated when
// a scenario that destroys the VM ends. One finding per object label.
import type { Violation } from '../kvm/observation.js';
import type { HeapObject } from '../kvm/sim-state.js';

/** The leaks among `objects` at the end of a VM-destroying run. */
export function leaks(objects: readonly HeapObject[]): Violation[] {
  const leaked = new Map<string, number>();
  for (const object of objects)
    if (object.owned && !object.freed)
      leaked.set(object.label, (leaked.get(object.label) ?? 0) + 1);
  return [...leaked].map(([label, count]) => ({
    kind: 'leak',
    rule: 'still-allocated',
    key: `leak|${label}`,
    message: `${count === 1 ? label : `${count} × ${label}`} still allocated when the scenario ends with the VM destroyed`,
    threads: [],
    sites: [],
    subject: label,
  }));
}
