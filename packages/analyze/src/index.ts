// @kvmsim/analyze: the pipeline from two revisions to a Report, the config
// file it is run with, and the policy study. Public API, exported by name.

// The pipeline.
export { analyzeSources } from './pipeline/analyze-sources.js';
export type { AnalyzeSourcesOptions, SourceRevision } from './pipeline/analyze-sources.js';
export { analyzeRevisions } from './pipeline/analyze-revisions.js';
export type { AnalyzeOptions, Revision } from './pipeline/analyze-revisions.js';
export type { AnalysisProgress } from './pipeline/analysis-progress.js';
export { configuredScenarios, repositoryScenarios } from './pipeline/configured-scenarios.js';

// What a shell reads of a revision, and how much.
export { analysedFolders, isAnalysedPath } from './sources/analysed-paths.js';
export { SOURCE_TOO_LARGE, configTooLarge, planSourceReads } from './sources/source-limits.js';
export type {
  OversizedSource,
  SourceEntry,
  SourceLimits,
  SourceReadPlan,
} from './sources/source-limits.js';
export { SourceLimitError } from './sources/source-limit-error.js';
export type { SourceLimitKey } from './sources/source-limit-error.js';

// `.github/kvmsim.yml`.
export { DEFAULT_KVM_PATHS, matchingPaths } from './config/kvm-paths.js';
export { configSchema, DEFAULT_CONFIG } from './config/config-schema.js';
export type { KvmsimConfig } from './config/config-schema.js';
export { ConfigError } from './config/config-error.js';
export type { ConfigProblem } from './config/config-error.js';
export { CONFIG_PATH, loadConfig, parseConfig } from './config/parse-config.js';
export type { ConfigResult } from './config/parse-config.js';

// Policy studies: what a split-cache policy or a patch costs along workloads.
export { builtinPolicies, runPolicyStudy, studyConfigurations } from './policy/policy-study.js';
export type {
  PolicyStudyOptions,
  PolicyStudyProgress,
  StudyPolicy,
} from './policy/policy-study.js';
