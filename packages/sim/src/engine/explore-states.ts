// Breadth-first exploration of a transition system with state hashing and
// partial-order reduction.
//
// Every violation keeps the least trace that reaches it: fewest steps, then
// lexicographically least by the system's step order. Breadth first finds the
// fewest steps without a second search; comparing traces (rather than keeping
// the first found) makes the answer independent of the order work was done
// in, which is what lets shards of one search be merged into exactly the
// result of a single run (shards.ts).
//
// Reduction: static persistent sets (the system says when one thread's steps
// may run alone) cut states; sleep sets (Godefroid) cut transitions already
// covered by an equivalent order. With state caching a state revisited with a
// smaller sleep set is expanded again for the steps that were asleep before
// (the intersection rule), so no state is lost.
import {
  DEFAULT_BUDGET,
  type Counterexample,
  type ExploreSettings,
  type Exploration,
  type TransitionSystem,
} from './transition-system.js';
import { KeyBuffer, KeyTable } from './key-table.js';

interface Visit<State, Step> {
  /** The state, until it is expanded: only the frontier holds states, traces need only steps. */
  state: State | undefined;
  readonly parent: Visit<State, Step> | undefined;
  readonly step: Step | undefined;
  readonly depth: number;
  /** Steps asleep on arrival (sleep sets only). */
  readonly sleep: readonly Step[];
  /** When set, only these steps are expanded (a revisit under the intersection rule). */
  readonly only: readonly Step[] | undefined;
}

const NO_STEPS: readonly never[] = [];

function pathOf<State, Step>(visit: Visit<State, Step>): Step[] {
  const steps: Step[] = [];
  for (let at: Visit<State, Step> | undefined = visit; at?.step !== undefined; at = at.parent) {
    steps.push(at.step);
  }
  return steps.reverse();
}

/** Compares traces: fewer steps first, then lexicographically by rank. */
export function compareTraces<Step>(
  a: readonly Step[],
  b: readonly Step[],
  rank: (step: Step) => number,
): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let index = 0; index < a.length; index += 1) {
    const difference = rank(a[index] as Step) - rank(b[index] as Step);
    if (difference !== 0) return difference;
  }
  return 0;
}

export function exploreStates<State, Step, Violation>(
  system: TransitionSystem<State, Step, Violation>,
  settings: ExploreSettings = {},
): Exploration<Step, Violation> {
  const budget = settings.budget ?? {};
  const maxStates = budget.maxStates ?? DEFAULT_BUDGET.maxStates;
  const maxTransitions = budget.maxTransitions ?? DEFAULT_BUDGET.maxTransitions;
  const maxDepth = budget.maxDepth ?? DEFAULT_BUDGET.maxDepth;
  const persistent = (settings.persistentSets ?? true) ? system.persistent : undefined;
  const independent = settings.sleepSets === true ? system.independent : undefined;
  const peek = system.keyInto === undefined ? undefined : system.peek;
  const rank = (step: Step) => system.stepRank(step);
  const started = budget.now?.();
  const outOfTime = () =>
    budget.now !== undefined &&
    budget.timeBudgetMs !== undefined &&
    started !== undefined &&
    budget.now() - started > budget.timeBudgetMs;

  const initial = system.initial();
  // The key of the state at hand, written by the system (or from its string key).
  const stateKey = new KeyBuffer();
  const keyInto = system.keyInto;
  const writeKey = (state: State) => {
    if (keyInto === undefined) stateKey.setText(system.key(state));
    else keyInto.call(system, state, stateKey);
  };
  // Per state: the rank-keys of the steps asleep when it was expanded (null
  // without sleep sets), so one look-up says both whether and how it was seen.
  const seen = new KeyTable<Set<number> | null>();
  writeKey(initial);
  seen.set(stateKey, independent === undefined ? null : new Set());
  const found = new Map<string, Counterexample<Step, Violation>>();
  let frontier: Visit<State, Step>[] = [
    { state: initial, parent: undefined, step: undefined, depth: 0, sleep: [], only: undefined },
  ];
  let transitions = 0;
  let depth = 0;
  let stopReason: Exploration<Step, Violation>['stopReason'];

  /** Keeps each violation's least trace: the path to `visit`, then `step` when given. */
  const record = (violations: readonly Violation[], visit: Visit<State, Step>, step?: Step) => {
    const length = visit.depth + (step === undefined ? 0 : 1);
    let trace: Step[] | undefined;
    for (const violation of violations) {
      const key = system.violationKey(violation);
      const known = found.get(key);
      // Breadth first, a trace met later is rarely shorter: build it only when it may win.
      if (known !== undefined && known.steps.length < length) continue;
      if (trace === undefined) {
        trace = pathOf(visit);
        if (step !== undefined) trace.push(step);
      }
      if (known === undefined || compareTraces(trace, known.steps, rank) < 0)
        found.set(key, { violation, steps: trace });
    }
  };

  search: while (frontier.length > 0) {
    if (settings.shard !== undefined && depth === settings.shard.depth) {
      const { index, count } = settings.shard;
      frontier = frontier.filter((_, position) => position % count === index);
    }
    if (depth >= maxDepth) {
      stopReason = 'depth';
      break;
    }
    const next: Visit<State, Step>[] = [];
    for (let index = 0; index < frontier.length; index += 1) {
      const visit = frontier[index] as Visit<State, Step>;
      if (outOfTime()) {
        stopReason = 'time';
        break search;
      }
      const state = visit.state as State;
      visit.state = undefined;
      const enabled = system.enabled(state);
      if (visit.only === undefined) {
        const violations = system.stateViolations(state, enabled);
        if (violations.length > 0) record(violations, visit);
      }
      let steps = persistent === undefined ? enabled : persistent.call(system, state, enabled);
      if (visit.only !== undefined) {
        const only = new Set(visit.only.map(rank));
        steps = steps.filter((step) => only.has(rank(step)));
      }
      const asleep = visit.sleep.length === 0 ? undefined : new Set(visit.sleep.map(rank));
      const done: Step[] | undefined = independent === undefined ? undefined : [];
      for (let index = 0; index < steps.length; index += 1) {
        const step = steps[index] as Step;
        if (asleep?.has(rank(step)) === true) continue;
        if (transitions >= maxTransitions) {
          stopReason = 'transitions';
          break search;
        }
        // The successor is built only when it is kept, if the system can tell its key without.
        let after: State | undefined;
        let violations = peek?.call(system, state, step, stateKey);
        if (violations === undefined) {
          const applied = system.apply(state, step);
          after = applied.state;
          violations = applied.violations;
          writeKey(after);
        }
        transitions += 1;
        if (violations.length > 0) record(violations, visit, step);
        const sleep =
          independent === undefined || done === undefined
            ? NO_STEPS
            : [...visit.sleep, ...done].filter((other) =>
                independent.call(system, state, other, step),
              );
        done?.push(step);
        const stored = seen.get(stateKey);
        if (stored !== undefined) {
          if (independent === undefined || stored === null) continue;
          // Intersection rule: wake the steps that slept before but are awake now.
          const now = new Set(sleep.map(rank));
          const woken = [...stored].filter((id) => !now.has(id));
          if (woken.length === 0) continue;
          const kept = new Set([...stored].filter((id) => now.has(id)));
          seen.set(stateKey, kept);
          const revisited = after ?? system.apply(state, step).state;
          next.push({
            state: revisited,
            parent: visit,
            step,
            depth: visit.depth + 1,
            sleep: sleep.filter((other) => kept.has(rank(other))),
            only: system.enabled(revisited).filter((candidate) => woken.includes(rank(candidate))),
          });
          continue;
        }
        if (seen.size >= maxStates) {
          stopReason = 'states';
          break search;
        }
        seen.set(stateKey, independent === undefined ? null : new Set(sleep.map(rank)));
        next.push({
          state: after ?? system.apply(state, step).state,
          parent: visit,
          step,
          depth: visit.depth + 1,
          sleep,
          only: undefined,
        });
      }
    }
    frontier = next;
    if (frontier.length > 0) depth += 1;
    budget.onProgress?.({ statesExplored: seen.size, transitions, depth });
  }

  const counterexamples = [...found.entries()]
    .sort(
      ([keyA, a], [keyB, b]) =>
        compareTraces(a.steps, b.steps, rank) || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0),
    )
    .map(([, counterexample]) => counterexample);
  return {
    exhaustive: stopReason === undefined,
    ...(stopReason === undefined ? {} : { stopReason }),
    statesExplored: seen.size,
    transitions,
    depth,
    counterexamples,
  };
}
