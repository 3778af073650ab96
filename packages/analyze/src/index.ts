// @kvmsim/analyze: the pipeline from two revisions to a Report, the config
// file it is run with, and the policy study. Public API, exported by name.

// The pipeline.
export { analyzeRevisions } from './pipeline/analyze-revisions.js';
export type { AnalysisProgress, AnalyzeOptions, Revision } from './pipeline/analyze-revisions.js';
export {
  analysedFolders,
  analyzeSources,
  configuredScenarios,
  isAnalysedPath,
  repositoryScenarios,
} from './pipeline/analyze-sources.js';
export type { AnalyzeSourcesOptions, SourceRevision } from './pipeline/analyze-sources.js';

// `.github/kvmsim.yml`.
export { DEFAULT_KVM_PATHS, matchingPaths } from './config/kvm-paths.js';
export { configSchema, DEFAULT_CONFIG } from './config/config-schema.js';
export type { KvmsimConfig } from './config/config-schema.js';
export { CONFIG_PATH, ConfigError, loadConfig, parseConfig } from './config/parse-config.js';
export type { ConfigProblem, ConfigResult } from './config/parse-config.js';

// Policy studies: what a split-cache policy or a patch costs along workloads.
export { builtinPolicies, runPolicyStudy, studyConfigurations } from './policy/policy-study.js';
export type {
  PolicyStudyOptions,
  PolicyStudyProgress,
  StudyPolicy,
} from './policy/policy-study.js';
