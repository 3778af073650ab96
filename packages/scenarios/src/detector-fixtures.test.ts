// Every detector on C, as data: `__fixtures__/detectors/<kind>/` holds, for
// each kind of finding, kernel-style C written here where the detector must
// fire (`fires-<name>.c`) and where it must stay silent (`silent-<name>.c`).
// Each file opens with a comment saying what it shows, then a header saying
// which of its functions run as concurrent threads and the world they start
// in (test-helpers/detector-fixture.ts has the syntax). The file is extracted
// with @kvmsim/extract, the threads are explored with @kvmsim/sim's
// `simulate`, and the findings are snapshotted beside it
// (`<name>.c.findings`, test-helpers/format-findings.ts).
//
// The snapshot is reviewed; the verdict is also checked mechanically: a
// `fires-` file must produce a finding of its folder's kind and a `silent-`
// one none, every run must be exhaustive, and every finding's trace must
// replay. So a detector that stops firing fails even if the snapshot is
// blessed again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractProgram } from '@kvmsim/extract';
import { FINDING_KINDS, replayFinding, simulate } from '@kvmsim/sim';
import { fixtureSimulation, parseDetectorFixture } from './test-helpers/detector-fixture.js';
import { filesUnder, requireSnapshotInCi } from './test-helpers/fixture-files.js';
import { formatFindings } from './test-helpers/format-findings.js';

const ROOT = fileURLToPath(new URL('./__fixtures__/detectors/', import.meta.url));
const SNAPSHOT = '.findings';
const files = filesUnder(ROOT);
const fixtures = files.filter((file) => file.endsWith('.c'));

describe('detector fixtures', () => {
  it('one folder per finding kind, each with a case that fires and one that stays silent', () => {
    const strays = files.filter(
      (file) =>
        !(
          (fixtures.includes(file) && /^[a-z-]+\/(?:fires|silent)-[a-z0-9-]+\.c$/.test(file)) ||
          (file.endsWith(SNAPSHOT) && fixtures.includes(file.slice(0, -SNAPSHOT.length)))
        ),
    );
    expect(
      strays,
      'not <kind>/<fires|silent>-<name>.c, or a snapshot whose fixture is gone',
    ).toEqual([]);
    const folders = [...new Set(fixtures.map((file) => file.split('/')[0]))].sort();
    expect(folders).toEqual([...FINDING_KINDS].sort());
    for (const kind of FINDING_KINDS)
      for (const verdict of ['fires', 'silent'])
        expect(
          fixtures.some((file) => file.startsWith(`${kind}/${verdict}-`)),
          `${kind}/${verdict}-*.c`,
        ).toBe(true);
  });

  it.each(fixtures)('%s', async (fixture) => {
    const [kind, name = ''] = fixture.split('/');
    const text = readFileSync(join(ROOT, fixture), 'utf8');
    expect(text, 'a fixture opens with a comment saying what it shows').toMatch(/^\/[*/]/);
    const snapshot = join(ROOT, `${fixture}${SNAPSHOT}`);
    requireSnapshotInCi(snapshot);
    const path = `detectors/${fixture}`;
    const { program } = await extractProgram(new Map([[path, text]]));
    const input = fixtureSimulation(parseDetectorFixture(text, path), program);
    const result = simulate(input);

    expect(result.exhaustive, 'a silence is only worth something if every interleaving ran').toBe(
      true,
    );
    for (const finding of result.findings)
      expect(replayFinding(input, finding), JSON.stringify(finding.steps)).toBe(true);
    const kinds = result.findings.map((finding) => finding.kind);
    if (name.startsWith('fires-')) expect(kinds, `${kind} must fire`).toContain(kind);
    else expect(kinds, `${kind} must stay silent`).not.toContain(kind);
    await expect(formatFindings(input, result)).toMatchFileSnapshot(snapshot);
  });
});
