#!/usr/bin/env node
// Packs every public workspace with `npm pack`, installs the tarballs into a
// fresh temporary project, then imports each entry point and runs the CLI bin.
// A package that only works inside the monorepo fails here, not on npm.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const workspaces = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(root, group, name)),
);
const publicPackages = workspaces
  .map((directory) => ({
    directory,
    manifest: {
      ...JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')),
      directory,
    },
  }))
  .filter(({ manifest }) => manifest.private !== true);

/** The first ```js block of a package's README: its runnable example. */
function readmeExample(directory) {
  const readme = readFileSync(join(directory, 'README.md'), 'utf8');
  return /```js\n([\s\S]*?)```/.exec(readme)?.[1];
}

const scratch = mkdtempSync(join(tmpdir(), 'kvmsim-pack-'));
let failed = false;
try {
  const tarballs = publicPackages.map(({ directory, manifest }) => {
    const output = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], {
      cwd: directory,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [{ filename, files }] = JSON.parse(output);
    const shipped = files.map((file) => file.path);
    const leaked = shipped.filter((path) => /\.test\.|__fixtures__|\/src\//.test(path));
    if (leaked.length > 0) {
      console.error(`✗ ${manifest.name} ships test files: ${leaked.join(', ')}`);
      failed = true;
    }
    console.log(`packed ${manifest.name} (${shipped.length} files)`);
    return join(scratch, filename);
  });

  const project = join(scratch, 'project');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'pack-check', private: true, type: 'module' }),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: project,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  for (const { manifest } of publicPackages) {
    const script = `const m = await import(${JSON.stringify(manifest.name)}); if (Object.keys(m).length === 0) { throw new Error('no exports'); } console.log(Object.keys(m).length);`;
    try {
      const count = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: project,
        encoding: 'utf8',
      }).trim();
      console.log(`✓ import ${manifest.name}: ${count} exports`);
    } catch (error) {
      console.error(`✗ import ${manifest.name}: ${error.message}`);
      failed = true;
    }
    const example = readmeExample(manifest.directory);
    if (example !== undefined) {
      const file = join(project, `example-${manifest.name.replace(/\W+/g, '-')}.mjs`);
      writeFileSync(file, example);
      try {
        execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' });
        console.log(`✓ README example of ${manifest.name} runs`);
      } catch (error) {
        console.error(`✗ README example of ${manifest.name}: ${error.message}`);
        failed = true;
      }
    }
    for (const bin of Object.keys(manifest.bin ?? {})) {
      try {
        execFileSync(join(project, 'node_modules', '.bin', bin), ['--help'], { encoding: 'utf8' });
        console.log(`✓ bin ${bin} --help`);
      } catch (error) {
        console.error(`✗ bin ${bin}: ${error.message}`);
        failed = true;
      }
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failed) {
  console.error('pack check failed');
  process.exit(1);
}
console.log('pack check passed');
