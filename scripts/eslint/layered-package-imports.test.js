// The layer rule on a small monorepo written to a temporary folder: each
// package a package.json, each case a file inside one of them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';
import { LAYERS, layeredPackageImports } from './layered-package-imports.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = mkdtempSync(join(tmpdir(), 'kvmsim-layers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `<root>/<folder>/package.json`; returns the path of `file` in that package. */
function workspace(folder, manifest) {
  mkdirSync(join(root, folder), { recursive: true });
  writeFileSync(join(root, folder, 'package.json'), JSON.stringify(manifest));
  return (file) => join(root, folder, file);
}

const deps = (...names) => Object.fromEntries(names.map((name) => [name, '^0.1.0']));
const mmuModel = workspace('packages/mmu-model', { name: '@kvmsim/mmu-model' });
const sim = workspace('packages/sim', {
  name: '@kvmsim/sim',
  dependencies: deps('@kvmsim/mmu-model'),
});
const report = workspace('packages/report', {
  name: '@kvmsim/report',
  dependencies: deps('@kvmsim/mmu-model', '@kvmsim/sim'),
  devDependencies: deps('@kvmsim/scenarios'),
});
const analyze = workspace('packages/analyze', {
  name: '@kvmsim/analyze',
  dependencies: deps('@kvmsim/report', '@kvmsim/scenarios'),
});
const cli = workspace('apps/cli', {
  name: 'kvmsim',
  dependencies: deps('@kvmsim/analyze', '@kvmsim/report'),
});
const stray = workspace('packages/stray', {
  name: '@kvmsim/stray',
  dependencies: deps('@kvmsim/mmu-model'),
});

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('layered-package-imports', layeredPackageImports, {
  valid: [
    {
      name: 'a package below, declared',
      code: "import { x } from '@kvmsim/mmu-model';",
      filename: sim('src/a.ts'),
    },
    {
      name: 'a type import and a re-export count the same, and pass the same way',
      code: "import type { Finding } from '@kvmsim/sim';\nexport { GRANULES } from '@kvmsim/mmu-model';",
      filename: report('src/a.ts'),
    },
    {
      name: 'a test may use a devDependency',
      code: "import { seedTree } from '@kvmsim/scenarios';",
      filename: report('src/golden.test.ts'),
    },
    {
      name: 'so may a test helper',
      code: "import { seedTree } from '@kvmsim/scenarios';",
      filename: report('src/test-helpers/trees.ts'),
    },
    {
      name: 'analyze imports report',
      code: "import { renderReport } from '@kvmsim/report';",
      filename: analyze('src/pipeline/a.ts'),
    },
    {
      name: 'an app imports analyze, a subpath names its package',
      code: "import { analyzeSources } from '@kvmsim/analyze';\nimport schema from '@kvmsim/report/schema/report.schema.json';",
      filename: cli('src/commands/check/index.ts'),
    },
    { name: 'not ours', code: "import { z } from 'zod';", filename: mmuModel('src/a.ts') },
    {
      name: 'a package by its own name',
      code: "import { x } from '@kvmsim/sim';",
      filename: sim('test/a.test.ts'),
    },
    {
      name: 'a dynamic import of a package below',
      code: "const m = await import('@kvmsim/mmu-model');",
      filename: sim('src/a.ts'),
    },
  ],
  invalid: [
    {
      name: 'the bottom layer imports nothing of ours',
      code: "import { simulate } from '@kvmsim/sim';",
      filename: mmuModel('src/a.ts'),
      errors: [
        {
          messageId: 'upward',
          data: { importer: '@kvmsim/mmu-model', target: '@kvmsim/sim', allowed: 'none of ours' },
          line: 1,
          column: 26,
        },
      ],
    },
    {
      name: 'report may not reach up into the pipeline',
      code: "import { x } from '@kvmsim/mmu-model';\nimport { analyzeSources } from '@kvmsim/analyze';",
      filename: report('src/a.ts'),
      errors: [
        {
          messageId: 'upward',
          data: {
            importer: '@kvmsim/report',
            target: '@kvmsim/analyze',
            allowed: LAYERS['@kvmsim/report'].join(', '),
          },
          line: 2,
          column: 32,
        },
      ],
    },
    {
      name: 'sim and extract sit side by side: neither imports the other',
      code: "export { extractProgram } from '@kvmsim/extract';",
      filename: sim('src/index.ts'),
      errors: [{ messageId: 'upward', line: 1, column: 32 }],
    },
    {
      name: 'a dynamic import is an import',
      code: "await import('@kvmsim/report');",
      filename: sim('src/a.ts'),
      errors: [{ messageId: 'upward', line: 1, column: 14 }],
    },
    {
      name: 'an app does not import another app',
      code: "import { kvmsimApp } from '@kvmsim/bot';",
      filename: cli('src/a.ts'),
      errors: [{ messageId: 'upward', line: 1, column: 27 }],
    },
    {
      name: 'a package with no place in the layers',
      code: "import { x } from '@kvmsim/mmu-model';",
      filename: stray('src/a.ts'),
      errors: [
        {
          messageId: 'unplaced',
          data: { importer: '@kvmsim/stray', target: '@kvmsim/mmu-model' },
          line: 1,
          column: 19,
        },
      ],
    },
    {
      name: 'allowed, but not in package.json',
      code: "import { seedTree } from '@kvmsim/scenarios';",
      filename: cli('src/a.ts'),
      errors: [{ messageId: 'undeclared', line: 1, column: 26 }],
    },
    {
      name: 'shipped code needs a dependency, not a devDependency',
      code: "import { seedTree } from '@kvmsim/scenarios';",
      filename: report('src/golden.ts'),
      errors: [{ messageId: 'undeclared', line: 1, column: 26 }],
    },
  ],
});
