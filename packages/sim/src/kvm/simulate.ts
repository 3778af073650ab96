// The race explorer's entry points: simulate a scenario's threads over a
// program, explore in shards and merge them, and replay a saved trace.
import type { SourceLocation } from '@kvmsim/mmu-model';
import { lockOrderFindings } from '../detectors/lock-order.js';
import { compareTraces, exploreStates } from '../engine/explore-states.js';
import { replaySteps } from '../engine/replay-steps.js';
import type { Counterexample, ShardSpec, StopReason } from '../engine/transition-system.js';
import type { FindingKind } from '../finding-kind.js';
import { compileProgram } from '../program/compile-program.js';
import { KvmSystem } from './kvm-system.js';
import type { LockEdge, Observation, Rule, Violation } from './observation.js';
import { isViolation } from './observation.js';
import type { SimStep } from './sim-state.js';
import { stepRank } from './sim-state.js';
import type { SimulationInput } from './simulation-input.js';
import type { TraceStep } from './trace.js';
import { traceView } from './trace.js';

export interface Finding {
  readonly kind: FindingKind;
  /** The rule the detector saw broken, beneath its kind (a guarded-by comment, a lockdep assertion, ...). */
  readonly rule: Rule;
  /** Identity within one run (detector, subject, functions and lines). */
  readonly key: string;
  readonly message: string;
  /** Names of the threads involved. */
  readonly threads: readonly string[];
  /** Entry functions of those threads. */
  readonly entries: readonly string[];
  /** Functions named by the finding's locations. */
  readonly functions: readonly string[];
  /** The shared location, lock or object it is about. */
  readonly subject?: string;
  /** The statements involved, the fatal one first. */
  readonly locations: readonly SourceLocation[];
  /** The shortest trace that reaches it. */
  readonly trace: readonly TraceStep[];
  /** The same trace as scheduling steps: `replay(input, steps)` reaches the finding again. */
  readonly steps: readonly SimStep[];
  /** The trace took a side of a branch whose condition the model could not evaluate. */
  readonly restsOnUnknown: boolean;
  /**
   * Lock-order findings: the traces of every observed edge of the cycle (one
   * execution may not take them all); `replayFinding` checks them together.
   */
  readonly witnesses?: readonly (readonly SimStep[])[];
}

export interface Notice {
  readonly message: string;
  readonly loc?: SourceLocation;
}

export interface SimulationStats {
  readonly exhaustive: boolean;
  readonly stopReason?: StopReason;
  readonly statesExplored: number;
  readonly transitions: number;
  readonly depth: number;
}

export interface SimulationResult extends SimulationStats {
  readonly findings: readonly Finding[];
  /**
   * `WARN_ON`/`BUG_ON`s that fired only along a trace taking an unmodelled
   * branch: whether their condition can hold in C is not known, so they are
   * not findings. (The least trace decides: a longer trace that guesses
   * nothing may exist.)
   */
  readonly unverified: readonly Finding[];
  /** What the run could not model exactly (loop bounds that cut, topups not evaluated). */
  readonly notices: readonly Notice[];
}

/** The raw, serialisable outcome of one exploration or shard: what merges. */
export interface RawExploration extends SimulationStats {
  readonly counterexamples: readonly Counterexample<SimStep, Observation>[];
}

export interface SimulateSettings {
  /** Explore only one shard of the search (see exploreShard). */
  readonly shard?: ShardSpec;
}

function systemFor(input: SimulationInput): KvmSystem {
  return new KvmSystem(
    compileProgram(
      input.program,
      input.threads.map((thread) => thread.entry),
    ),
    input,
    {
      allocationFailures: input.options?.allocationFailures ?? false,
    },
  );
}

/** Explores without building findings: the part shards run. */
export function exploreRaw(
  input: SimulationInput,
  settings: SimulateSettings = {},
): RawExploration {
  const system = systemFor(input);
  const reduction = input.options?.reduction ?? 'persistent+sleep';
  const result = exploreStates(system, {
    ...(input.options?.budget === undefined ? {} : { budget: input.options.budget }),
    persistentSets: reduction !== 'none',
    sleepSets: reduction === 'persistent+sleep',
    ...(settings.shard === undefined ? {} : { shard: settings.shard }),
  });
  return {
    exhaustive: result.exhaustive,
    ...(result.stopReason === undefined ? {} : { stopReason: result.stopReason }),
    statesExplored: result.statesExplored,
    transitions: result.transitions,
    depth: result.depth,
    counterexamples: result.counterexamples,
  };
}

/**
 * Merges shard results into the result of one run: per violation the least
 * trace (fewest steps, then step order), the same choice a single run makes.
 * Counts of states and transitions are summed (states reachable from two
 * shards are counted twice).
 */
export function mergeExplorations(parts: readonly RawExploration[]): RawExploration {
  const best = new Map<string, Counterexample<SimStep, Observation>>();
  for (const part of parts) {
    for (const found of part.counterexamples) {
      const known = best.get(found.violation.key);
      if (known === undefined || compareTraces(found.steps, known.steps, stepRank) < 0)
        best.set(found.violation.key, found);
    }
  }
  const stop = parts.find((part) => part.stopReason !== undefined)?.stopReason;
  return {
    exhaustive: parts.every((part) => part.exhaustive),
    ...(stop === undefined ? {} : { stopReason: stop }),
    statesExplored: parts.reduce((sum, part) => sum + part.statesExplored, 0),
    transitions: parts.reduce((sum, part) => sum + part.transitions, 0),
    depth: Math.max(0, ...parts.map((part) => part.depth)),
    counterexamples: [...best.entries()]
      .sort(
        ([keyA, a], [keyB, b]) =>
          compareTraces(a.steps, b.steps, stepRank) || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0),
      )
      .map(([, found]) => found),
  };
}

function toFinding(
  system: KvmSystem,
  found: Counterexample<SimStep, Violation> & {
    readonly witnesses?: readonly (readonly SimStep[])[];
  },
): Finding {
  const violation = found.violation;
  const steps = [...found.steps, ...(violation.then ?? [])];
  const trace = traceView(system, steps);
  const threads = [...new Set(violation.threads)];
  return {
    kind: violation.kind,
    rule: violation.rule,
    key: violation.key,
    message: violation.message,
    threads: threads.map((thread) => system.threadName(thread)),
    entries: threads.map((thread) => system.input.threads[thread]?.entry ?? '?'),
    functions: [...new Set(violation.sites.map((site) => site.function))],
    ...(violation.subject === undefined ? {} : { subject: violation.subject }),
    locations: violation.sites.map((site) => site.loc),
    trace,
    steps,
    restsOnUnknown: trace.some((step) => step.op === 'branch'),
    ...(found.witnesses === undefined ? {} : { witnesses: found.witnesses }),
  };
}

/** Turns an exploration into findings with readable traces and notices. */
export function buildResult(input: SimulationInput, raw: RawExploration): SimulationResult {
  const system = systemFor(input);
  const edges = raw.counterexamples.filter(
    (found): found is Counterexample<SimStep, LockEdge> => found.violation.kind === 'lock-edge',
  );
  const notices = raw.counterexamples
    .filter((found) => found.violation.kind === 'notice')
    .map((found) => ({
      message: found.violation.message,
      ...(found.violation.sites[0] === undefined ? {} : { loc: found.violation.sites[0].loc }),
    }));
  const findings = [
    ...raw.counterexamples.filter((found): found is Counterexample<SimStep, Violation> =>
      isViolation(found.violation),
    ),
    ...lockOrderFindings(system.catalogue, edges),
  ].map((found) => ({ finding: toFinding(system, found), found }));
  const unverified = ({ finding, found }: (typeof findings)[number]) =>
    found.violation.codeCondition === true && finding.restsOnUnknown;
  return {
    exhaustive: raw.exhaustive,
    ...(raw.stopReason === undefined ? {} : { stopReason: raw.stopReason }),
    statesExplored: raw.statesExplored,
    transitions: raw.transitions,
    depth: raw.depth,
    findings: findings.filter((entry) => !unverified(entry)).map(({ finding }) => finding),
    unverified: findings.filter(unverified).map(({ finding }) => finding),
    notices,
  };
}

/**
 * Runs every interleaving of the input's threads (up to the budget) and
 * reports what the detectors found, each with a shortest trace.
 * Throws ProgramInputError for a program or scenario it cannot run.
 */
export function simulate(input: SimulationInput): SimulationResult {
  return buildResult(input, exploreRaw(input));
}

/** One shard of the search: run `count` of these (any order, any machine) and merge. */
export function exploreShard(input: SimulationInput, shard: ShardSpec): RawExploration {
  if (
    !Number.isInteger(shard.count) ||
    shard.count < 1 ||
    shard.index < 0 ||
    shard.index >= shard.count
  )
    throw new RangeError(`shard ${shard.index} of ${shard.count} does not exist`);
  return exploreRaw(input, { shard });
}

/**
 * Replays saved steps and returns the keys of every finding met on the way,
 * so `replay(input, finding.steps)` containing `finding.key` proves the trace.
 */
export function replay(input: SimulationInput, steps: readonly SimStep[]): readonly string[] {
  return replayAll(input, [steps]);
}

/** The finding keys reached by several traces together (lock-order cycles can span executions). */
function replayAll(input: SimulationInput, traces: readonly (readonly SimStep[])[]): string[] {
  const system = systemFor(input);
  const violations = traces.flatMap((steps) => replaySteps(system, steps).violations);
  const edges = violations
    .filter((violation): violation is LockEdge => violation.kind === 'lock-edge')
    .map((violation) => ({ violation, steps: [] }));
  return [
    ...new Set([
      ...violations.filter(isViolation).map((violation) => violation.key),
      ...lockOrderFindings(system.catalogue, edges).map((found) => found.violation.key),
    ]),
  ];
}

/** Whether a saved finding's trace (and, for lock order, its witnesses) reaches it again. */
export function replayFinding(
  input: SimulationInput,
  finding: Pick<Finding, 'key' | 'steps' | 'witnesses'>,
): boolean {
  return replayAll(input, [finding.steps, ...(finding.witnesses ?? [])]).includes(finding.key);
}
