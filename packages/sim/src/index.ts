// @kvmsim/sim: the race explorer and the policy runner. Public API, exported by name.
export type { FindingKind } from './finding-kind.js';
export { FINDING_KINDS, isFindingKind } from './finding-kind.js';
export { RULES } from './kvm/observation.js';
export type { Rule, RuleOf } from './kvm/observation.js';

// The race explorer over the KVM world.
export {
  buildResult,
  exploreRaw,
  exploreShard,
  mergeExplorations,
  replay,
  replayFinding,
  simulate,
} from './kvm/simulate.js';
export type {
  Finding,
  Notice,
  RawExploration,
  SimulationResult,
  SimulationStats,
} from './kvm/simulate.js';
export { simulateParallel } from './kvm/explore-parallel.js';
export { simulationPool } from './kvm/simulation-pool.js';
export type { SimulationPool } from './kvm/simulation-pool.js';
export { subjectRoot } from './kvm/initial-world.js';
export type { ParallelOptions } from './kvm/explore-parallel.js';
export { REDUCTIONS } from './kvm/simulation-input.js';
export {
  SimulationInputFormatError,
  parseSimulationInput,
  simulationInputSchema,
} from './kvm/simulation-input-schema.js';
export type {
  ExploreOptions,
  InitialCache,
  InitialValue,
  InitialWorld,
  Reduction,
  SimulationInput,
  ThreadSpec,
} from './kvm/simulation-input.js';
export type { SimStep } from './kvm/sim-state.js';
export type { TraceStep, TraceValue } from './kvm/trace.js';
export { ProgramInputError } from './program/program-input-error.js';
export { toPromela } from './promela/export-promela.js';

// The policy runner: workloads against one VM world each, measured.
export { runPolicy } from './policy/run-policy.js';
export type {
  PolicyAssumption,
  PolicyFinding,
  PolicyIoctlResult,
  PolicyMetrics,
  PolicyRunResult,
  PolicySeriesPoint,
} from './policy/run-policy.js';
export type {
  PolicyCall,
  PolicyFacts,
  PolicyInput,
  PolicyTick,
  PolicyValue,
  PolicyVm,
} from './policy/policy-input.js';

// The generic engine, usable on any transition system.
export { compareTraces, exploreStates } from './engine/explore-states.js';
export { replaySteps } from './engine/replay-steps.js';
export { firstEnabled, runScripted } from './engine/run-scripted.js';
export type { Scheduler, ScriptedRun } from './engine/run-scripted.js';
export { DEFAULT_BUDGET } from './engine/transition-system.js';
export { KeyBuffer } from './engine/key-table.js';
export type {
  Counterexample,
  Exploration,
  ExploreBudget,
  ExploreProgress,
  ExploreSettings,
  ShardSpec,
  StopReason,
  TransitionSystem,
} from './engine/transition-system.js';
export { LockOrderGraph } from './detectors/lock-order-graph.js';
export type { LockOrderEdge } from './detectors/lock-order-graph.js';
