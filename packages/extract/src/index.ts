// @kvmsim/extract: C text to the IR of @kvmsim/mmu-model. Public API, exported by name.
export type { SourceSet } from './source-set.js';
export { sourceSetFromRecord } from './source-set.js';
export { changedFunctions, extractProgram } from './extract.js';
export { formatExpr, formatFunction, formatProgram } from './format-ir.js';
export type { ChangedFunctions, ExtractOptions, ExtractResult, FileSummary } from './extract.js';
export { DEFAULT_API_CATALOGUE, mergeApiCatalogues } from './catalogue/api-catalogue.js';
export type { ApiCatalogue, LockApi } from './catalogue/api-catalogue.js';
export { STRUCT_PATHS } from './guards/guarded-by.js';
export { DEFAULT_ANALYSIS_SET, isInAnalysisSet } from './analysis-set.js';
