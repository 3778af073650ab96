// The scenario library one analysis picks from: the built-in scenarios the
// repository's config enables and does not disable, plus the repository's
// own scenario files. A name the config gets wrong is an error, never a
// check silently turned off.
import { ENTRY_POINTS, builtinScenarios, parseScenario, type Scenario } from '@kvmsim/scenarios';
import { DEFAULT_CONFIG, type KvmsimConfig } from '../config/config-schema.js';
import { ConfigError } from '../config/config-error.js';
import { CONFIG_PATH } from '../config/parse-config.js';
import { isScenarioFile } from '../sources/analysed-paths.js';

/**
 * The scenario files under the config's scenario directories (direct children
 * ending in `.yml` or `.yaml`), parsed. Throws ScenarioFormatError naming the
 * file, line and field of the first bad one.
 */
export function repositoryScenarios(
  files: ReadonlyMap<string, string>,
  config: KvmsimConfig = DEFAULT_CONFIG,
): Scenario[] {
  return [...files.keys()]
    .filter((path) => isScenarioFile(path, config))
    .sort()
    .map((path) => parseScenario(files.get(path) ?? '', path));
}

/**
 * The library one analysis picks from: the built-in scenarios the config
 * enables and does not disable, plus the repository's own. A name the config
 * mentions that no scenario has, or a repository scenario that reuses a
 * built-in name, is a ConfigError: a typo must not silently turn a check off.
 */
export function configuredScenarios(
  config: KvmsimConfig = DEFAULT_CONFIG,
  repository: readonly Scenario[] = [],
): Scenario[] {
  const builtin = builtinScenarios();
  // `alone-<entry point>` names the one-thread runs selection adds by itself.
  const known = new Set([
    ...[...builtin, ...repository].map((scenario) => scenario.name),
    ...Object.keys(ENTRY_POINTS).map((entry) => `alone-${entry}`),
  ]);
  const problems = (['enable', 'disable'] as const).flatMap((key) =>
    (config.scenarios[key] ?? []).flatMap((name, index) =>
      known.has(name)
        ? []
        : [{ key: `scenarios.${key}.${index}`, reason: `no scenario is named "${name}"` }],
    ),
  );
  for (const scenario of repository)
    if (builtin.some((candidate) => candidate.name === scenario.name))
      problems.push({
        key: 'scenarios.directories',
        reason: `${scenario.source} reuses the built-in name "${scenario.name}"`,
      });
  if (problems.length > 0) throw new ConfigError(CONFIG_PATH, problems);
  const enabled =
    config.scenarios.enable === undefined ? undefined : new Set(config.scenarios.enable);
  const disabled = new Set(config.scenarios.disable);
  return [
    ...builtin.filter((scenario) => enabled === undefined || enabled.has(scenario.name)),
    ...repository,
  ].filter((scenario) => !disabled.has(scenario.name));
}
