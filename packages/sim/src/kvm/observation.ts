// What a step or a state reveals to the explorer. Three things, kept apart
// by type: violations (a detector fired: these become findings), notices
// (the model was cut or could not evaluate something: these make a result
// less than exact) and lock edges (one lock taken inside another: the
// lock-order detector assembles them over all executions into cycles).
import type { FindingKind } from '../finding-kind.js';
import type { SimStep, Site } from './sim-state.js';

/**
 * The precise rule a violation broke, beneath its kind: two missing-lock
 * findings may be a guarded-by comment broken or a lockdep assertion that
 * failed, and a report treats them differently.
 */
export const RULES = {
  'data-race': ['concurrent-access'],
  'use-after-free': ['access-after-free', 'cache-after-free', 'operation-after-free'],
  'double-free': ['free-twice'],
  warn: ['code-warn', 'memory-cache-warn'],
  deadlock: ['all-blocked'],
  'lock-order': ['lock-cycle'],
  'sleep-in-atomic': ['sleep-while-atomic'],
  'missing-lock': ['guarded-by', 'assert-held', 'unlock-not-held', 'srcu-unlock-outside'],
  leak: ['still-allocated'],
} as const satisfies Record<FindingKind, readonly string[]>;

/** The rules of one finding kind. */
export type RuleOf<K extends FindingKind> = (typeof RULES)[K][number];
/** Every rule of every detector. */
export type Rule = RuleOf<FindingKind>;

interface ObservationBase {
  /** Identity within one exploration: the least trace to each key is kept. */
  readonly key: string;
  readonly message: string;
  /** Threads involved (indices), the acting one first. */
  readonly threads: readonly number[];
  /** Statements involved, the fatal one first. */
  readonly sites: readonly Site[];
}

/** A detector fired. */
export interface Violation extends ObservationBase {
  readonly kind: FindingKind;
  readonly rule: Rule;
  /** The shared location, lock or object the violation is about. */
  readonly subject?: string;
  /** Steps that complete the picture after the trace (the two racing accesses). */
  readonly then?: readonly SimStep[];
  /**
   * A condition of the C held (`WARN_ON(cond)`, `BUG_ON(cond)`), rather than
   * a rule of the model: a finding only when no unmodelled branch led to it.
   */
  readonly codeCondition?: true;
}

/** The model was cut (a loop bound, recursion) or could not evaluate a statement. */
export interface NoticeObservation extends ObservationBase {
  readonly kind: 'notice';
}

/** A lock (or SRCU struct) taken, or waited for, while another is held. */
export interface LockEdge extends ObservationBase {
  readonly kind: 'lock-edge';
  readonly edge: { readonly from: string; readonly to: string };
}

export type Observation = Violation | NoticeObservation | LockEdge;

/** Whether an observation is a violation (not a notice, not a lock edge). */
export function isViolation(observation: Observation): observation is Violation {
  return observation.kind !== 'notice' && observation.kind !== 'lock-edge';
}
