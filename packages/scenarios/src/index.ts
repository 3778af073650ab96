// @kvmsim/scenarios: entry points, scenarios and workloads. Public API, exported by name.
export { REPOSITORY_SCENARIO_DIRECTORY, isRepositoryScenarioFile } from './scenario-directory.js';
export {
  ENTRY_POINTS,
  KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE,
  entryPoint,
} from './entry-points/entry-points.js';
export type { EntryOptions, EntryPoint, EntryVm } from './entry-points/entry-points.js';
export { scenarioJsonSchema, scenarioSchema } from './format/scenario-schema.js';
export type { ScenarioSpec } from './format/scenario-schema.js';
export { ScenarioFormatError, parseScenario } from './format/parse-scenario.js';
export type { Scenario } from './format/parse-scenario.js';
export { builtinScenario, builtinScenarios } from './library/library.js';
export { buildSimulation, scenarioThreads, threadName } from './run/build-simulation.js';
export type { BuiltSimulation } from './run/build-simulation.js';
export { runScenario, scenarioInput, scenarioRun } from './run/run-scenario.js';
export type { RunOptions, ScenarioRun } from './run/run-scenario.js';
export { aloneScenario, callChain, callGraph, selectScenarios } from './select/select-scenarios.js';
export type { Selection } from './select/select-scenarios.js';
export { applyUnifiedDiff, DiffApplyError } from './seed/apply-diff.js';
export {
  policyTree,
  seedPolicies,
  seedTree,
  seedUpstream,
  seedVariants,
} from './seed/seed-example.js';
export type { SeedVariant } from './seed/seed-example.js';

// Workloads for policy runs.
export { workloadJsonSchema, workloadSchema } from './workload/workload-schema.js';
export type { WorkloadSpec, WorkloadStep } from './workload/workload-schema.js';
export { WorkloadFormatError, parseWorkload } from './workload/parse-workload.js';
export type { Workload } from './workload/parse-workload.js';
export { buildPolicy, workloadEntries } from './workload/build-policy.js';
export type { WorkloadOverrides } from './workload/build-policy.js';
export { builtinWorkload, builtinWorkloads, runWorkload } from './workload/library.js';
