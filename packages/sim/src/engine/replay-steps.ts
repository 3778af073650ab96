// Replay: the steps of a saved trace, taken again from the initial state.
// Each must be enabled where it is taken; what the run reveals on the way is
// what the trace proves.
import type { TransitionSystem } from './transition-system.js';

/**
 * Re-runs `steps` from the initial state and returns every violation met on
 * the way (of each step and of each state passed through), so a saved trace
 * can be checked to reach its finding.
 */
export function replaySteps<State, Step, Violation>(
  system: TransitionSystem<State, Step, Violation>,
  steps: readonly Step[],
): { violations: readonly Violation[]; state: State } {
  let state = system.initial();
  const violations: Violation[] = [];
  for (const [index, step] of steps.entries()) {
    const enabled = system.enabled(state);
    violations.push(...system.stateViolations(state, enabled));
    const chosen = enabled.find(
      (candidate) => system.stepRank(candidate) === system.stepRank(step),
    );
    if (chosen === undefined)
      throw new Error(`replay: step ${index + 1} is not enabled in the replayed state`);
    const after = system.apply(state, chosen);
    violations.push(...after.violations);
    state = after.state;
  }
  violations.push(...system.stateViolations(state, system.enabled(state)));
  return { violations, state };
}
