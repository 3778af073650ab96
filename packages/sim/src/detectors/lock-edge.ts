// The observations the lock-order detector is built from: a thread takes (or,
// in synchronize_srcu, waits for) `to` while it holds `from`.
import type { LockEdge } from '../kvm/observation.js';
import type { Site } from '../kvm/sim-state.js';

/** `who` takes `to` (or waits for its readers, `waits`) while holding `from`. */
export function lockEdge(
  who: string,
  thread: number,
  from: string,
  to: string,
  site: Site,
  waits: boolean,
): LockEdge {
  return {
    kind: 'lock-edge',
    key: `lock-edge|${from}|${to}`,
    message: waits
      ? `${who} waits for ${to} readers (synchronize_srcu) while holding ${from} in ${site.function}`
      : `${who} takes ${to} while holding ${from} in ${site.function}`,
    threads: [thread],
    sites: [site],
    edge: { from, to },
  };
}
