// The scenario library of one analysis: what the config enables and disables,
// and the repository's own files, with every name it gets wrong refused.
import { describe, expect, it } from 'vitest';
import { ScenarioFormatError } from '@kvmsim/scenarios';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/parse-config.js';
import { OWN_SCENARIO } from './__fixtures__/own-scenario.js';
import { configuredScenarios, repositoryScenarios } from './configured-scenarios.js';

describe('configuredScenarios and repositoryScenarios', () => {
  it('rejects a name the config mentions that no scenario has', () => {
    expect(() =>
      configuredScenarios(loadConfig('scenarios:\n  disable: [flush-vs-flsuh]\n')),
    ).toThrow(
      new ConfigError('.github/kvmsim.yml', [
        { key: 'scenarios.disable.0', reason: 'no scenario is named "flush-vs-flsuh"' },
      ]),
    );
  });

  it('rejects a repository scenario that reuses a built-in name', () => {
    const files = new Map([
      ['.github/kvmsim/scenarios/a.yaml', OWN_SCENARIO.replace('own-flush-pair', 'flush-vs-flush')],
    ]);
    expect(() => configuredScenarios(loadConfig(undefined), repositoryScenarios(files))).toThrow(
      /reuses the built-in name "flush-vs-flush"/,
    );
  });

  it('reads only direct children of the configured directories, and names the bad file', () => {
    const files = new Map([
      ['.github/kvmsim/scenarios/sub/ignored.yml', 'not: [valid'],
      ['.github/kvmsim/scenarios/README.md', '# not a scenario'],
      ['tools/kvmsim/bad.yml', 'name: x\nthreads: 3\n'],
    ]);
    expect(repositoryScenarios(files)).toEqual([]);
    const config = loadConfig('scenarios:\n  directories: [tools/kvmsim/]\n');
    expect(() => repositoryScenarios(files, config)).toThrow(ScenarioFormatError);
    expect(() => repositoryScenarios(files, config)).toThrow(/^tools\/kvmsim\/bad\.yml:\d+: /);
  });
});
