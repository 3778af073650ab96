// sleep-in-atomic: a statement that may sleep (a mutex, a GFP_KERNEL
// allocation, synchronize_srcu, a topup) while the thread is in atomic
// context: a spinlock or rwlock held, or an atomic section entered.
import type { Violation } from '../kvm/observation.js';
import type { Site } from '../kvm/sim-state.js';

/** What makes a thread atomic: a lock held (with its kind) or a section entered. */
export interface AtomicCause {
  /** The lock's path, or the section (`preempt`, `irq`). */
  readonly path: string;
  /** The lock kind, or `section`. */
  readonly kind: string;
}

/** `who` may sleep (`what`) at `site` while `atomic` (not empty) holds. */
export function sleepWhileAtomic(
  who: string,
  thread: number,
  what: string,
  site: Site,
  atomic: readonly [AtomicCause, ...AtomicCause[]],
): Violation {
  const first = atomic[0];
  return {
    kind: 'sleep-in-atomic',
    rule: 'sleep-while-atomic',
    key: `sleep-in-atomic|${first.path}|${site.function}:${site.loc.line}`,
    message: `${who} may sleep (${what}) in ${site.function} while ${atomic.map((cause) => (cause.kind === 'section' ? `in a ${cause.path} section` : `holding ${cause.path} (${cause.kind})`)).join(', ')}`,
    threads: [thread],
    sites: [site],
    subject: first.path,
  };
}
