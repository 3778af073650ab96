import { describe, expect, it } from 'vitest';
import { isRepositoryScenarioFile } from './scenario-directory.js';

describe('isRepositoryScenarioFile', () => {
  it.each([
    ['.github/kvmsim/scenarios/flush-vs-commit.yml', true],
    ['.github/kvmsim/scenarios/flush.yaml', true],
    ['.github/kvmsim/scenarios/nested/flush.yml', false],
    ['.github/kvmsim/scenarios/README.md', false],
    ['.github/kvmsim.yml', false],
  ])('%s -> %s', (path, expected) => {
    expect(isRepositoryScenarioFile(path)).toBe(expected);
  });
});
