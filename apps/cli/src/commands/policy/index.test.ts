import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedUpstream } from '@kvmsim/scenarios';
import { runCli } from '../../cli.js';
import { memoryIo } from '../../test-helpers/memory-io.js';

// The seed example's upstream tree, written out as a kernel tree on disk
// named `upstream` (a policy run is named after its folder). The example
// belongs to @kvmsim/scenarios: its folder is not read by path.
const EXAMPLE = join(mkdtempSync(join(tmpdir(), 'kvmsim-seed-')), 'upstream');
for (const [path, text] of seedUpstream()) {
  mkdirSync(dirname(join(EXAMPLE, path)), { recursive: true });
  writeFileSync(join(EXAMPLE, path), text);
}

describe('kvmsim policy', () => {
  it('lists the workloads and the policies', async () => {
    const io = memoryIo();
    expect(await runCli(['policy', 'list'], io)).toBe(0);
    const out = io.out.join('');
    expect(out).toMatch(/^ {2}live-migration\s+One live migration/m);
    expect(out).toMatch(/^ {2}two-pass-split\s+Eager splitting in two passes/m);
  });

  it('runs one workload on a source tree: 513 pages at peak on 4K with a 1G chunk', async () => {
    const io = memoryIo();
    expect(
      await runCli(
        ['policy', 'run', 'live-migration', '--src', EXAMPLE, '--chunk', '1G', '--json'],
        io,
      ),
    ).toBe(0);
    const report = JSON.parse(io.out.join(''));
    expect(report.policies.map((policy: { name: string }) => policy.name)).toEqual(['upstream']);
    expect(report.workloads[0].rows[0].metrics.peakCachePages).toBe(513);
    expect(report.races).toBeUndefined();
  });

  it('studies two trees as base and head next to the thread policies, and writes HTML atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvmsim-policy-'));
    const io = memoryIo();
    expect(
      await runCli(
        [
          'policy',
          'study',
          '--base-dir',
          EXAMPLE,
          '--head-dir',
          EXAMPLE,
          '--workload',
          'live-migration',
          '--granule',
          '64K',
          '--no-races',
          '--format',
          'html',
          '--out',
          join(dir, 'study.html'),
        ],
        io,
      ),
    ).toBe(0);
    const html = readFileSync(join(dir, 'study.html'), 'utf8');
    expect(html).toContain('<td>base</td>');
    expect(html).toContain('<td>head</td>');
    expect(html).toContain('<svg');
    expect(readdirSync(dir)).toEqual(['study.html']);
    expect(io.err.join('')).toContain('policy report written to');
  });

  it('reads a workload from a YAML file and reports its errors as file:line: field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kvmsim-workload-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\ndescription: d\nsteps:\n  - delete-memslot: { slot: 1 }\n');
    await expect(runCli(['policy', 'run', file, '--src', EXAMPLE], memoryIo())).rejects.toThrow(
      /bad\.yaml:4: steps\[0\]\.delete-memslot\.slot: memslot 1 is not created/,
    );
  });

  it.each([
    [['policy'], 'policy needs a subcommand: study, run or list'],
    [['policy', 'frob'], "unknown policy subcommand 'frob'"],
    [['policy', 'study', '--granule', '8K'], '--granule 8K: expected 4K, 16K, 64K'],
    [['policy', 'study', '--chunk', 'big'], '--chunk big: expected a size'],
    [['policy', 'study', '--vms', '0'], '--vms 0: expected a whole number'],
    [['policy', 'study', '--base-dir', '.'], '--base-dir and --head-dir go together'],
    [
      ['policy', 'study', '--format', 'sarif'],
      '--format sarif: expected one of text, markdown (or md), json, html',
    ],
    [['policy', 'run', 'live-migration'], 'policy run needs --src DIR'],
    [['policy', 'run', 'nope', '--src', '.'], "no built-in workload 'nope'"],
    [
      ['policy', 'study', '--granule', '64K', '--chunk', '1G'],
      'no chunk size of the study is a block size',
    ],
  ])('refuses %j with one line', async (argv, message) => {
    await expect(runCli(argv, memoryIo())).rejects.toThrow(message);
  });
});
