// `kvmsim check` end to end: a git repository of kernel-style files (the seed
// example, written here), the thread's patches committed on top, and the built
// bin spawned as a kernel developer would run it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTree } from '@kvmsim/scenarios';
import type { Report } from '@kvmsim/report';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
let root: string;
let repo: string;

function kvmsim(args: readonly string[], cwd = repo) {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

function git(...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=kvmsim test', '-c', 'user.email=test@kvmsim.invalid', ...args],
    { cwd: repo, encoding: 'utf8' },
  ).trim();
}

function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function commitVariant(variant: string, message: string): void {
  writeTree(repo, seedTree(variant));
  git('add', '-A');
  git('commit', '-q', '-m', message);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kvmsim-check-'));
  repo = join(root, 'linux');
  mkdirSync(repo);
  git('init', '-q', '-b', 'master');
  commitVariant('upstream', 'upstream shape of 7.1-rc2');
  commitVariant('patch1', 'KVM: arm64: Grab KVM MMU write lock in kvm_arch_flush_shadow_all()');
  commitVariant('patch1-fixup', 'KVM: arm64: fixup: do not assert mmu_lock on the init error path');
  // A branch whose base carries a config that only fails on deadlocks.
  git('checkout', '-q', '-b', 'relaxed', 'master~2');
  mkdirSync(join(repo, '.github'), { recursive: true });
  writeFileSync(join(repo, '.github/kvmsim.yml'), 'failOn: [deadlock]\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'kvmsim: fail only on deadlocks');
  commitVariant('patch1', 'patch 1 on the relaxed branch');
  git('checkout', '-q', 'master');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('kvmsim check on a git range', () => {
  it('patch 1: exit 1, the failing assertion introduced, the flush double free fixed', () => {
    const result = kvmsim(['check', 'HEAD~2..HEAD~1', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.verdict).toEqual({
      conclusion: 'failure',
      complete: true,
      summary: '1 finding introduced (missing-lock)',
    });
    expect(report.base).toEqual({ label: 'HEAD~2', sha: git('rev-parse', 'HEAD~2') });
    expect(report.head).toEqual({ label: 'HEAD~1', sha: git('rev-parse', 'HEAD~1') });
    expect(report.findings.introduced.map((finding) => finding.scenario)).toEqual([
      'alone-vm-create',
    ]);
    expect(
      report.findings.fixed.some(
        (finding) => finding.kind === 'double-free' && finding.scenario === 'flush-vs-flush',
      ),
    ).toBe(true);
    // Nothing checked out, no worktree left behind.
    expect(git('status', '--porcelain')).toBe('');
    expect(git('worktree', 'list').split('\n')).toHaveLength(1);
    expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('master');
  });

  it('the fixup on top of patch 1: exit 0, the assertion failure fixed', () => {
    const result = kvmsim(['check', 'HEAD~1..HEAD', '--format', 'json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.introduced).toEqual([]);
    expect(report.findings.fixed.map((finding) => finding.kind)).toContain('missing-lock');
  });

  it('a single commit is compared with its parent; text output by default', () => {
    const result = kvmsim(['check', 'HEAD~1', '--quiet']);
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe('kvmsim 1 finding introduced (missing-lock)');
    expect(result.stdout).toContain('HEAD~1^ -> HEAD~1');
  });

  it('reads the config from the base revision', () => {
    const result = kvmsim(['check', 'relaxed~1..relaxed', '--format', 'json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.introduced.map((finding) => finding.kind)).toEqual(['missing-lock']);
    expect(report.verdict.conclusion).toBe('success');
  });

  it('exit 3 when a budget cut a run off and nothing was introduced: never green', () => {
    const config = join(root, 'tiny.yml');
    writeFileSync(config, 'budgets:\n  maxStates: 10\n');
    const result = kvmsim(['check', 'HEAD~1..HEAD', '--config', config, '--quiet']);
    expect(result.status).toBe(3);
    expect(result.stdout.split('\n')[0]).toMatch(
      /^kvmsim incomplete: \d+ of \d+ scenarios cut off or not run; /,
    );
  });

  it('a bad config file: one line with file, line and key, exit 2', () => {
    const config = join(root, 'bad.yml');
    writeFileSync(config, 'budgets:\n  maxStates: lots\n');
    const result = kvmsim(['check', 'HEAD~1..HEAD', '--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `kvmsim: ${config}:2: budgets.maxStates: Invalid input: expected number, received string\n`,
    );
  });

  it('--out writes the whole report and nothing else; sarif and md render', () => {
    const out = join(root, 'report.sarif');
    const result = kvmsim(['check', 'HEAD~2..HEAD~1', '--format', 'sarif', '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `kvmsim: 1 finding introduced (missing-lock); report written to ${out}\n`,
    );
    const sarif = JSON.parse(execFileSync('cat', [out], { encoding: 'utf8' })) as {
      version: string;
      runs: { results: unknown[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const md = kvmsim(['check', 'HEAD~2..HEAD~1', '--format', 'md']);
    expect(md.stdout).toMatch(/^<!-- kvmsim -->|^.*1 finding introduced/m);
    expect(md.stdout).toContain('sequenceDiagram');
  });

  it('--format check-run prints what the app would post as the check run, without annotations', () => {
    const result = kvmsim(['check', 'HEAD~2..HEAD~1', '--format', 'check-run']);
    expect(result.status).toBe(1);
    const output = JSON.parse(result.stdout) as { title: string; annotations: unknown[] };
    expect(output.title).toBe('1 finding introduced (missing-lock)');
    expect(output.annotations).toEqual([]);
    const markdown = kvmsim(['check', 'HEAD~2..HEAD~1', '--format', 'markdown']);
    expect(markdown.stdout).toBe(kvmsim(['check', 'HEAD~2..HEAD~1', '--format', 'md']).stdout);
  });

  it('--verbose tells each exploration on stderr; stdout keeps only the report', () => {
    const result = kvmsim(['check', 'HEAD~2..HEAD~1', '--format', 'json', '--verbose']);
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
    expect(result.stderr).toMatch(/^kvmsim: extracted base: 4 files$/m);
    expect(result.stderr).toMatch(
      /^kvmsim: \[\d+\/\d+\] flush-vs-flush on head: [\d,]+ states, exhaustive$/m,
    );
  });
});

describe('kvmsim check on two trees', () => {
  it('gives the same verdict as the git range', () => {
    const base = join(root, 'base');
    const head = join(root, 'head');
    writeTree(base, seedTree('upstream'));
    writeTree(head, seedTree('patch1'));
    const result = kvmsim(
      ['check', '--base-dir', base, '--head-dir', head, '--format', 'json'],
      root,
    );
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.verdict.summary).toBe('1 finding introduced (missing-lock)');
    expect(report.base.label).toBe('base');
  });
});

describe('the limits of the config', () => {
  it('a file over limits.maxFileBytes: not analysed, named with its size and the limit, exit 3', () => {
    const config = join(root, 'small-files.yml');
    writeFileSync(config, 'limits:\n  maxFileBytes: 4000\n');
    const result = kvmsim(['check', 'HEAD~2..HEAD~1', '--config', config, '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(3);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^kvmsim incomplete: arch\/arm64\/kvm\/mmu\.c not analysed \(over the size limit\)/,
    );
    expect(lines).toContain(
      `base: arch/arm64/kvm/mmu.c is ${Buffer.byteLength(seedTree('upstream').get('arch/arm64/kvm/mmu.c') ?? '')} bytes, over the limit of 4000 (limits.maxFileBytes): not analysed`,
    );
  });

  it('the same on two trees', () => {
    const base = join(root, 'limits-base');
    const head = join(root, 'limits-head');
    writeTree(base, seedTree('upstream'));
    writeTree(head, seedTree('patch1'));
    const config = join(root, 'small-files.yml');
    writeFileSync(config, 'limits:\n  maxFileBytes: 4000\n');
    const result = kvmsim(
      ['check', '--base-dir', base, '--head-dir', head, '--config', config, '--format', 'json'],
      root,
    );
    expect(result.status).toBe(3);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.verdict).toMatchObject({ conclusion: 'neutral', complete: false });
    expect(
      report.diagnostics
        .filter((diagnostic) => diagnostic.code === 'source-too-large')
        .map((diagnostic) => [diagnostic.revision, diagnostic.loc.file]),
    ).toEqual([
      ['base', 'arch/arm64/kvm/mmu.c'],
      ['head', 'arch/arm64/kvm/mmu.c'],
    ]);
  });

  it('too many files: one line naming the revision and the limit, exit 2', () => {
    const config = join(root, 'few-files.yml');
    writeFileSync(config, 'limits:\n  maxFiles: 2\n');
    const result = kvmsim(['check', 'HEAD~2..HEAD~1', '--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^kvmsim: HEAD~2: \d+ files to read, over the limit of 2 \(limits\.maxFiles\)\n$/,
    );
  });
});

describe('bad arguments: one clear line, exit 2', () => {
  it.each([
    [['check', 'v9.9..HEAD'], /^kvmsim: unknown revision "v9\.9" in .*linux\n$/],
    [
      ['check', 'HEAD~1..HEAD', '--repo', 'no-such-dir'],
      /^kvmsim: --repo no-such-dir: no such directory\n$/,
    ],
    [
      ['check', '--base-dir', 'nowhere', '--head-dir', '.'],
      /^kvmsim: --base-dir nowhere: no such directory\n$/,
    ],
    [
      ['check', 'HEAD~1..HEAD', '--format', 'html'],
      /^kvmsim: --format html: expected one of text, markdown \(or md\), json, sarif, check-run\n$/,
    ],
    [
      ['check', 'HEAD~1..HEAD', '--jobs', '0'],
      /^kvmsim: --jobs 0: expected a whole number from 1 to 256\n$/,
    ],
    [['check'], /^kvmsim: check needs a range \(BASE\.\.HEAD\) or --base-dir and --head-dir\n$/],
    [
      ['check', 'HEAD~2'],
      /^kvmsim: HEAD~2 has no parent to compare with; give a range BASE\.\.HEAD\n$/,
    ],
    [
      ['extract', 'README'],
      /^kvmsim: README: not a C file \(expected a \.c or \.h file, or a directory\)\n$/,
    ],
  ])('%j', (args, message) => {
    if (args.includes('README')) writeFileSync(join(repo, 'README'), 'Linux kernel\n');
    const result = kvmsim(args);
    if (existsSync(join(repo, 'README'))) rmSync(join(repo, 'README'));
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
  });

  it('outside a git repository', () => {
    const result = kvmsim(['check', 'HEAD~1..HEAD'], root);
    expect(result.stderr).toBe('kvmsim: --repo .: not a git repository\n');
    expect(result.status).toBe(2);
  });
});
