// Static persistent sets, as SPIN's "safe" statements: a thread whose every
// enabled step touches nothing any other live thread may still touch (from
// where each of that thread's frames stands) may run alone, and the other
// threads' steps need not be tried first.
import type { Footprint, RemainingFootprints, Resource } from './footprint.js';
import type { SimState, SimStep, ThreadState } from './sim-state.js';

/**
 * The steps of the first thread that may run alone; all of `enabled` when
 * none may. `enabled` lists each thread's steps together, threads in order.
 */
export function persistentSet(
  state: SimState,
  enabled: readonly SimStep[],
  footprint: (step: SimStep) => readonly Resource[],
  remaining: RemainingFootprints,
): readonly SimStep[] {
  for (let start = 0; start < enabled.length;) {
    const thread = (enabled[start] as SimStep).thread;
    let end = start + 1;
    while (end < enabled.length && (enabled[end] as SimStep).thread === thread) end += 1;
    if (runsAlone(state, thread, enabled, start, end, footprint, remaining))
      return start === 0 && end === enabled.length ? enabled : enabled.slice(start, end);
    start = end;
  }
  return enabled;
}

/** Whether none of `steps[start..end)` of `thread` touches what another live thread may still touch. */
function runsAlone(
  state: SimState,
  thread: number,
  steps: readonly SimStep[],
  start: number,
  end: number,
  footprint: (step: SimStep) => readonly Resource[],
  remaining: RemainingFootprints,
): boolean {
  for (let index = start; index < end; index += 1) {
    const resources = footprint(steps[index] as SimStep);
    for (let other = 0; other < state.threads.length; other += 1) {
      const t = state.threads[other] as ThreadState;
      if (other === thread || t.stopped) continue;
      for (const frame of t.frames) {
        const rest: Footprint = (frame.remaining ??= remaining.at(frame.fn, frame.pc, frame.slots));
        for (const resource of resources) if (rest.touches(resource)) return false;
      }
    }
  }
  return true;
}
