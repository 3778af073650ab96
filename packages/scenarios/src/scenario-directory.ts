// Where a kernel repository keeps scenarios of its own, next to the app's config.

/** Repository-relative folder read for extra `*.yml`/`*.yaml` scenarios. */
export const REPOSITORY_SCENARIO_DIRECTORY = '.github/kvmsim/scenarios';

/** Whether a repository path is a scenario file the app should read. */
export function isRepositoryScenarioFile(path: string): boolean {
  return (
    path.startsWith(`${REPOSITORY_SCENARIO_DIRECTORY}/`) &&
    !path.slice(REPOSITORY_SCENARIO_DIRECTORY.length + 1).includes('/') &&
    /\.ya?ml$/.test(path)
  );
}
