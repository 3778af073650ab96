// The extractor's own fixtures (src/__fixtures__) as one kernel-shaped tree:
// the input of the tests of extractProgram's behaviour across files
// (changed functions, the cache, robustness), so that they need no other
// package's files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder } from './fixture-files.js';

export const FIXTURE_ROOT = fileURLToPath(new URL('../__fixtures__/', import.meta.url));

/** Every fixture `.c` file, by its path under __fixtures__ (`locks/lock-apis.c`). */
export function fixtureTree(): Map<string, string> {
  return new Map(
    filesUnder(FIXTURE_ROOT)
      .filter((path) => path.endsWith('.c'))
      .map((path) => [path, readFileSync(join(FIXTURE_ROOT, path), 'utf8')]),
  );
}
