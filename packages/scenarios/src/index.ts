// @kvmsim/scenarios: entry points, scenarios and workloads. Public API, exported by name.
export { REPOSITORY_SCENARIO_DIRECTORY, isRepositoryScenarioFile } from './scenario-directory.js';
