// @kvmsim/sim: the race explorer and the policy runner. Public API, exported by name.
export type { FindingKind } from './finding-kind.js';
export { FINDING_KINDS, isFindingKind } from './finding-kind.js';
