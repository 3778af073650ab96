// The scripted strategy: one execution, not all of them. At each state a
// scheduler picks one of the enabled steps (the first, by default), until no
// step is enabled. Beside breadth-first search (explore-states.ts) and replay
// (replay-steps.ts), it is the third way the engine drives a transition
// system; the policy runner uses it to run a workload's calls one after
// another, with a scheduler that takes the false side of every branch the
// model cannot decide.
import type { TransitionSystem } from './transition-system.js';

/** Picks the step to take among the enabled ones (never called with none). */
export type Scheduler<State, Step> = (state: State, enabled: readonly Step[]) => Step;

/** The first enabled step: a deterministic schedule. */
export function firstEnabled<State, Step>(_state: State, enabled: readonly Step[]): Step {
  const first = enabled[0];
  if (first === undefined) throw new Error('firstEnabled: no step is enabled');
  return first;
}

export interface ScriptedRun<State, Violation> {
  /** The state where no step was enabled, or where the step bound cut the run. */
  readonly state: State;
  /** What the steps revealed, then what the last state itself reveals. */
  readonly violations: readonly Violation[];
  readonly steps: number;
  /** The run hit `maxSteps` before it ended. */
  readonly cut: boolean;
}

/** Runs from `from`, one scheduled step at a time, until no step is enabled (or `maxSteps`). */
export function runScripted<State, Step, Violation>(
  system: TransitionSystem<State, Step, Violation>,
  from: State,
  schedule: Scheduler<State, Step> = firstEnabled,
  maxSteps = 100_000_000,
): ScriptedRun<State, Violation> {
  let state = from;
  const violations: Violation[] = [];
  for (let steps = 0; ; steps += 1) {
    const enabled = system.enabled(state);
    if (enabled.length === 0) {
      violations.push(...system.stateViolations(state, enabled));
      return { state, violations, steps, cut: false };
    }
    if (steps >= maxSteps) return { state, violations, steps, cut: true };
    const applied = system.apply(state, schedule(state, enabled));
    violations.push(...applied.violations);
    state = applied.state;
  }
}
