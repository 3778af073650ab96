// The explorer's whole view of a program: a transition system. The engine
// knows nothing about KVM, locks or memory; the KVM world implements this
// interface (as shuttle's and loom's schedulers know nothing of the
// primitives they schedule).
import type { KeyBuffer } from './key-table.js';

export interface TransitionSystem<State, Step, Violation> {
  initial(): State;
  /** Steps enabled in `state`, in a deterministic order. Empty means no thread can move. */
  enabled(state: State): readonly Step[];
  /** The successor, and the violations the step itself reveals (a double free, a failed assertion). */
  apply(
    state: State,
    step: Step,
  ): { readonly state: State; readonly violations: readonly Violation[] };
  /** A canonical, compact key: equal keys mean equal futures. */
  key(state: State): string;
  /**
   * Optional: writes the key into the engine's buffer instead of building a
   * string (the units must be those of `key`, or any other encoding that is
   * equal exactly when `key` is).
   */
  keyInto?(state: State, into: KeyBuffer): void;
  /**
   * Optional: what `apply` then `keyInto` would give, without building the
   * successor, when the system can tell cheaply: writes the successor's key
   * into `into` and returns the step's violations, or returns undefined and
   * leaves `into` alone. Most successors of a search were seen before, and
   * the engine builds only those it keeps. Needs `keyInto`.
   */
  peek?(state: State, step: Step, into: KeyBuffer): readonly Violation[] | undefined;
  /** Violations of a state itself, given its enabled steps (a deadlock when none, a race, a leak). */
  stateViolations(state: State, enabled: readonly Step[]): readonly Violation[];
  /** Identity of a violation: one counterexample, the shortest, is kept per identity. */
  violationKey(violation: Violation): string;
  /** A total order on steps (traces compare lexicographically by it). */
  stepRank(step: Step): number;
  /**
   * Partial-order reduction, optional. `persistent` returns a subset of
   * `enabled` that is a persistent set (every step outside it, and every step
   * reachable without it, is independent of it); `independent` says whether
   * two steps enabled in `state` commute (for sleep sets).
   */
  persistent?(state: State, enabled: readonly Step[]): readonly Step[];
  independent?(state: State, a: Step, b: Step): boolean;
}

/** Bounds of one exploration, each with a default; the result says which one cut it. */
export interface ExploreBudget {
  /** Distinct states. Default 500,000. */
  readonly maxStates?: number;
  /**
   * Transitions taken (successors computed, seen or not). Default 3,000,000.
   * With `maxStates`, what bounds the work of a search whatever the
   * machine's load: the same input stops at the same place on any machine.
   */
  readonly maxTransitions?: number;
  /** Steps from the initial state. Default 10,000. */
  readonly maxDepth?: number;
  /**
   * Milliseconds, measured with `now`; no time budget without a clock. A
   * safety net only: where it cuts depends on the machine, so a run it cut
   * is not exhaustive, like any other.
   */
  readonly timeBudgetMs?: number;
  /** The clock, injected so the engine stays deterministic. */
  readonly now?: () => number;
  /** Called after each breadth-first level, for progress displays; must not throw. */
  readonly onProgress?: (progress: ExploreProgress) => void;
}

/** How far an exploration has got. */
export interface ExploreProgress {
  readonly statesExplored: number;
  readonly transitions: number;
  /** Steps from the initial state of the level just finished. */
  readonly depth: number;
}

export const DEFAULT_BUDGET = {
  maxStates: 500_000,
  maxTransitions: 3_000_000,
  maxDepth: 10_000,
} as const;

/** A part of the search, for exploring in shards: the frontier at `depth` is dealt out round-robin. */
export interface ShardSpec {
  readonly depth: number;
  readonly index: number;
  readonly count: number;
}

export interface ExploreSettings {
  readonly budget?: ExploreBudget;
  /** Use the system's persistent sets. Default true when the system has them. */
  readonly persistentSets?: boolean;
  /** Use sleep sets (needs `independent`). Default false. */
  readonly sleepSets?: boolean;
  readonly shard?: ShardSpec;
}

/** Which bound cut a search short. */
export type StopReason = 'states' | 'transitions' | 'depth' | 'time';

export interface Counterexample<Step, Violation> {
  readonly violation: Violation;
  /** The steps from the initial state: fewest possible, then least in step order. */
  readonly steps: readonly Step[];
}

export interface Exploration<Step, Violation> {
  /** Every reachable state (of the reduced graph) was explored. */
  readonly exhaustive: boolean;
  readonly stopReason?: StopReason;
  readonly statesExplored: number;
  readonly transitions: number;
  /** Deepest level reached. */
  readonly depth: number;
  /** One counterexample per violation identity, shortest first, then in step order. */
  readonly counterexamples: readonly Counterexample<Step, Violation>[];
}
