// @kvmsim/sim: the race explorer and the policy runner. Public API, exported by name.
export type { FindingKind } from './finding-kind.js';
export { FINDING_KINDS, isFindingKind } from './finding-kind.js';
export { exploreStates, replaySteps } from './engine/explore-states.js';
export { DEFAULT_BUDGET } from './engine/transition-system.js';
export type {
  Counterexample,
  Exploration,
  ExploreBudget,
  TransitionSystem,
} from './engine/transition-system.js';
export { LockOrderGraph } from './detectors/lock-order-graph.js';
export type { LockOrderEdge } from './detectors/lock-order-graph.js';
