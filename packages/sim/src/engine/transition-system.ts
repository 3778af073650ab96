// The explorer's whole view of a program: a transition system. The engine
// knows nothing about KVM, locks or memory; the KVM world implements this
// interface (as shuttle's and loom's schedulers know nothing of the
// primitives they schedule).

export interface TransitionSystem<State, Step, Violation> {
  initial(): State;
  /** Steps enabled in `state`, in a deterministic order. Empty means no thread can move. */
  enabled(state: State): readonly Step[];
  apply(state: State, step: Step): State;
  /** A canonical, compact key: equal keys mean equal futures. */
  key(state: State): string;
  /** Violations the step reveals (a double free, a failed assertion, ...). */
  violations(before: State, step: Step, after: State): readonly Violation[];
  /** Violations of a state where no step is enabled (deadlock, leak), if any. */
  stuck(state: State): readonly Violation[];
  /** Identity of a violation: the first trace to each identity is kept. */
  violationKey(violation: Violation): string;
}

/** Bounds of one exploration, each with a default; the result says which one cut it. */
export interface ExploreBudget {
  /** Distinct states. Default 200,000. */
  readonly maxStates?: number;
  /** Steps from the initial state. Default 10,000. */
  readonly maxDepth?: number;
  /** Milliseconds, measured with `now`; no time budget without a clock. */
  readonly timeBudgetMs?: number;
  /** The clock, injected so the engine stays deterministic. */
  readonly now?: () => number;
}

export const DEFAULT_BUDGET = { maxStates: 200_000, maxDepth: 10_000 } as const;

export interface Counterexample<Step, Violation> {
  readonly violation: Violation;
  /** The steps from the initial state, fewest possible. */
  readonly steps: readonly Step[];
}

export interface Exploration<Step, Violation> {
  /** Every reachable state was explored. */
  readonly exhaustive: boolean;
  readonly stopReason?: 'states' | 'depth' | 'time';
  readonly statesExplored: number;
  readonly transitions: number;
  /** Deepest level reached. */
  readonly depth: number;
  /** One counterexample per violation identity, in the order they were found. */
  readonly counterexamples: readonly Counterexample<Step, Violation>[];
}
