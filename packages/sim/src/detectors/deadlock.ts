// deadlock: a reachable state where the live threads are all blocked. Its
// root cause is the cycle of the wait-for graph (a thread waits for the
// holders of the lock it wants, or for the read sections synchronize_srcu
// waits on): the threads on a cycle, and what they wait for, make the
// finding's identity; threads merely blocked behind them are named in the
// message. Without a cycle (a lock left held by a thread that finished),
// every blocked thread is the cause.
import type { Violation } from '../kvm/observation.js';
import type { Site } from '../kvm/sim-state.js';

/** What one blocked thread waits for. */
export interface Wait {
  /** A sentence, e.g. `vcpu waits in kvm_foo for kvm.mmu_lock, held by flush`. */
  readonly text: string;
  readonly site: Site;
  /** The lock or SRCU struct waited on (the function, when it is stuck otherwise). */
  readonly on: string;
  /** The threads it waits for. */
  readonly for: readonly number[];
}

/** Whether `thread` can reach itself along wait-for edges (it is on a cycle, a self-loop included). */
export function onWaitCycle(
  thread: number,
  waitsFor: (thread: number) => readonly number[],
): boolean {
  const seen = new Set<number>();
  const stack = [...waitsFor(thread)];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next === thread) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...waitsFor(next));
  }
  return false;
}

/** The deadlock of `blocked` threads, each waiting as `waits` says. */
export function deadlock(blocked: readonly number[], waits: ReadonlyMap<number, Wait>): Violation {
  const cyclic = blocked.filter((thread) => onWaitCycle(thread, (t) => waits.get(t)?.for ?? []));
  const causes = cyclic.length > 0 ? cyclic : blocked;
  const behind = blocked.filter((thread) => !causes.includes(thread));
  const text = (threads: readonly number[]) =>
    threads.flatMap((thread) => waits.get(thread)?.text ?? []).join('; ');
  const sites = causes.flatMap((thread) => waits.get(thread)?.site ?? []);
  return {
    kind: 'deadlock',
    rule: 'all-blocked',
    key: `deadlock|${sites
      .map((site) => `${site.function}:${site.loc.line}`)
      .sort()
      .join('+')}`,
    message: `deadlock: ${text(causes)}${behind.length === 0 ? '' : ` (blocked behind it: ${text(behind)})`}`,
    threads: [...causes],
    sites,
    subject: [...new Set(causes.flatMap((thread) => waits.get(thread)?.on ?? []))]
      .sort()
      .join(' + '),
  };
}
