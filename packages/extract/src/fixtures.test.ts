// The extractor's constructs as data (the layout of typescript-eslint's
// scope-manager fixtures): every `__fixtures__/<group>/<name>.c` (or `.h`) is
// kernel-style C written here, opening with a comment that says which
// construct it shows and what the right abstraction of it is; beside it,
// `<name>.c.ir` is the reviewed snapshot of what extractProgram makes of that
// one file (test-helpers/format-fixture.ts). A snapshot is a claim that the
// abstraction is right: review it as code.
//
// Add a fixture: write the C, run `npx vitest run src/fixtures.test.ts` (it
// writes the snapshot), read the snapshot, commit both. Under CI a fixture
// without its snapshot fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractProgram } from './extract.js';
import { filesUnder, requireSnapshotInCi } from './test-helpers/fixture-files.js';
import { formatFixture } from './test-helpers/format-fixture.js';

const ROOT = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const SNAPSHOT = '.ir';
const files = filesUnder(ROOT);
const fixtures = files.filter((file) => /\.[ch]$/.test(file));

describe('extractor fixtures', () => {
  it('holds only fixtures, each in a group folder, and their snapshots', () => {
    const strays = files.filter(
      (file) =>
        !(fixtures.includes(file) && file.includes('/')) &&
        !(file.endsWith(SNAPSHOT) && fixtures.includes(file.slice(0, -SNAPSHOT.length))),
    );
    expect(strays, 'a file that is no fixture, or a snapshot whose fixture is gone').toEqual([]);
  });

  it.each(fixtures)('%s', async (fixture) => {
    const text = readFileSync(join(ROOT, fixture), 'utf8');
    expect(text, 'a fixture opens with a comment saying what it shows').toMatch(/^\/[*/]/);
    const snapshot = join(ROOT, `${fixture}${SNAPSHOT}`);
    requireSnapshotInCi(snapshot);
    const { program } = await extractProgram(new Map([[fixture, text]]));
    await expect(formatFixture(program)).toMatchFileSnapshot(snapshot);
  });
});
