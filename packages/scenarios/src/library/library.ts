// The built-in scenario library: the YAML files in library/ of this package.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario, type Scenario } from '../format/parse-scenario.js';

const LIBRARY = fileURLToPath(new URL('../../library/', import.meta.url));

let cached: Scenario[] | undefined;

/** Every built-in scenario, by name order. */
export function builtinScenarios(): readonly Scenario[] {
  cached ??= readdirSync(LIBRARY)
    .filter((entry) => /\.ya?ml$/.test(entry))
    .sort()
    .map((entry) => parseScenario(readFileSync(join(LIBRARY, entry), 'utf8'), `library/${entry}`));
  return cached;
}

export function builtinScenario(name: string): Scenario | undefined {
  return builtinScenarios().find((scenario) => scenario.name === name);
}
