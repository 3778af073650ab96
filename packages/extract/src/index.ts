// @kvmsim/extract: C text to the IR of @kvmsim/mmu-model. Public API, exported by name.
export type { SourceSet } from './source-set.js';
export { sourceSetFromRecord } from './source-set.js';
