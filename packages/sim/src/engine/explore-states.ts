// Breadth-first exploration of a transition system with state hashing. BFS
// visits states in order of distance from the initial state, so the first
// trace that reaches a violation is a shortest one: every counterexample is
// minimal without a second search. Successors are taken in the order
// `enabled` gives them, so the same input always yields the same findings and
// the same traces.
import {
  DEFAULT_BUDGET,
  type Counterexample,
  type ExploreBudget,
  type Exploration,
  type TransitionSystem,
} from './transition-system.js';

interface Visit<State, Step> {
  readonly state: State;
  readonly parent: Visit<State, Step> | undefined;
  readonly step: Step | undefined;
  readonly depth: number;
}

function pathTo<State, Step>(visit: Visit<State, Step>, last: Step): Step[] {
  const steps = [last];
  for (let at: Visit<State, Step> | undefined = visit; at?.step !== undefined; at = at.parent) {
    steps.push(at.step);
  }
  return steps.reverse();
}

function pathOf<State, Step>(visit: Visit<State, Step>): Step[] {
  const steps: Step[] = [];
  for (let at: Visit<State, Step> | undefined = visit; at?.step !== undefined; at = at.parent) {
    steps.push(at.step);
  }
  return steps.reverse();
}

export function exploreStates<State, Step, Violation>(
  system: TransitionSystem<State, Step, Violation>,
  budget: ExploreBudget = {},
): Exploration<Step, Violation> {
  const maxStates = budget.maxStates ?? DEFAULT_BUDGET.maxStates;
  const maxDepth = budget.maxDepth ?? DEFAULT_BUDGET.maxDepth;
  const started = budget.now?.();
  const outOfTime = () =>
    budget.now !== undefined &&
    budget.timeBudgetMs !== undefined &&
    started !== undefined &&
    budget.now() - started > budget.timeBudgetMs;

  const initial = system.initial();
  const seen = new Set<string>([system.key(initial)]);
  const found = new Map<string, Counterexample<Step, Violation>>();
  let frontier: Visit<State, Step>[] = [
    { state: initial, parent: undefined, step: undefined, depth: 0 },
  ];
  let transitions = 0;
  let depth = 0;
  let stopReason: Exploration<Step, Violation>['stopReason'];

  const record = (violations: readonly Violation[], steps: () => Step[]) => {
    for (const violation of violations) {
      const key = system.violationKey(violation);
      if (!found.has(key)) found.set(key, { violation, steps: steps() });
    }
  };

  search: while (frontier.length > 0) {
    if (depth >= maxDepth) {
      stopReason = 'depth';
      break;
    }
    const next: Visit<State, Step>[] = [];
    for (const visit of frontier) {
      if (outOfTime()) {
        stopReason = 'time';
        break search;
      }
      const steps = system.enabled(visit.state);
      if (steps.length === 0) record(system.stuck(visit.state), () => pathOf(visit));
      for (const step of steps) {
        const after = system.apply(visit.state, step);
        transitions += 1;
        record(system.violations(visit.state, step, after), () => pathTo(visit, step));
        const key = system.key(after);
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) {
          stopReason = 'states';
          break search;
        }
        seen.add(key);
        next.push({ state: after, parent: visit, step, depth: visit.depth + 1 });
      }
    }
    frontier = next;
    if (frontier.length > 0) depth += 1;
  }

  return {
    exhaustive: stopReason === undefined,
    ...(stopReason === undefined ? {} : { stopReason }),
    statesExplored: seen.size,
    transitions,
    depth,
    counterexamples: [...found.values()],
  };
}

/** Re-runs `steps` from the initial state; returns the violations of the last step (or of the final stuck state). */
export function replaySteps<State, Step, Violation>(
  system: TransitionSystem<State, Step, Violation>,
  steps: readonly Step[],
  sameStep: (a: Step, b: Step) => boolean,
): { violations: readonly Violation[]; state: State } {
  let state = system.initial();
  let violations: readonly Violation[] = [];
  for (const [index, step] of steps.entries()) {
    const enabled = system.enabled(state).find((candidate) => sameStep(candidate, step));
    if (enabled === undefined)
      throw new Error(`replay: step ${index + 1} is not enabled in the replayed state`);
    const after = system.apply(state, enabled);
    violations = system.violations(state, enabled, after);
    state = after;
  }
  if (system.enabled(state).length === 0) violations = [...violations, ...system.stuck(state)];
  return { violations, state };
}
