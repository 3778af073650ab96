// The policy study on the seed thread's policies along a chunk-size change
// after use: an ABI change and a WARN that only a variant has must show, with
// the memory figures worked out by hand. Its PolicyReport is the fixture the
// renderers of @kvmsim/report are tested on
// (packages/report/src/__fixtures__/seed/policies.policy-report.json); a
// change here shows as a diff of that file, `npx vitest run -u` rewrites it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyReport, PolicyRow } from '@kvmsim/report';
import { builtinWorkload, type Workload } from '@kvmsim/scenarios';
import { builtinPolicies, runPolicyStudy, studyConfigurations } from './policy-study.js';

const G = 2 ** 30;
let report: PolicyReport;

beforeAll(async () => {
  report = await runPolicyStudy({
    policies: builtinPolicies(),
    workloads: [builtinWorkload('chunk-size-after-use') as Workload],
    granules: ['4K', '64K'],
    chunkSizes: [G, 512 * 2 ** 20],
    toolVersion: 'test',
  });
}, 120_000);

const rowOf = (policy: string, granule: string): PolicyRow | undefined =>
  report.workloads[0]?.rows.find(
    (row) => row.policy === policy && row.configuration.granule === granule,
  );

describe('runPolicyStudy', () => {
  it('runs every policy on every configuration the granules support', () => {
    expect(report.configurations).toEqual([
      { granule: '4K', chunkSize: G },
      { granule: '64K', chunkSize: 512 * 2 ** 20 },
    ]);
    expect(report.workloads[0]?.rows).toHaveLength(4 * 2);
    expect(report.baseline).toBe('upstream');
  });

  it('finds the ABI change of refuse-chunk-change and nothing for the others', () => {
    const changes = report.workloads[0]?.abiChanges ?? [];
    expect(
      changes.map((change) => [change.policy, change.configuration.granule, change.result]),
    ).toEqual([
      ['refuse-chunk-change', '4K', '-22'],
      ['refuse-chunk-change', '64K', '-22'],
    ]);
    expect(changes[0]).toMatchObject({
      ioctl: 'KVM_ENABLE_CAP',
      label: 'KVM_ENABLE_CAP(ARM_EAGER_SPLIT_CHUNK_SIZE, 2M)',
      baseline: '0',
    });
  });

  it('shows the capacity WARN under keep-until-destroy only', () => {
    const kinds = (policy: string) => rowOf(policy, '4K')?.findings.map((finding) => finding.kind);
    expect(kinds('keep-until-destroy')).toContain('warn');
    expect(kinds('upstream')).not.toContain('warn');
    expect(kinds('refuse-chunk-change')).not.toContain('warn');
    expect(rowOf('keep-until-destroy', '4K')?.findings[0]?.at).toMatch(
      /^virt\/kvm\/kvm_main\.c|arch\/arm64\/kvm\/mmu\.c:\d+$/,
    );
  });

  it('holds the memory figures worked out by hand', () => {
    expect(rowOf('upstream', '4K')?.metrics.peakCachePages).toBe(513);
    expect(rowOf('two-pass-split', '4K')?.metrics.peakCachePages).toBe(1);
    expect(rowOf('upstream', '64K')?.metrics.peakCachePages).toBe(1);
    expect(rowOf('keep-until-destroy', '4K')?.metrics.idleCachePages).toBe(513);
  });

  it('puts the race explorer next to the memory figures', () => {
    const races = new Map(report.races?.map((entry) => [entry.policy, entry]));
    const kinds = (policy: string) =>
      new Set(races.get(policy)?.findings.map((finding) => finding.kind));
    // The thread's double free on the flush path is upstream's; the kept cache removes it.
    expect(kinds('upstream').has('double-free')).toBe(true);
    expect(
      [...(races.get('keep-until-destroy')?.findings ?? [])].some(
        (finding) => finding.scenario === 'memslot-commit-vs-flush',
      ),
    ).toBe(false);
  });

  it('refuses a study whose chunk sizes no granule has', async () => {
    await expect(
      runPolicyStudy({
        policies: builtinPolicies().slice(0, 1),
        granules: ['64K'],
        chunkSizes: [G],
        toolVersion: 'test',
      }),
    ).rejects.toThrow('no chunk size of the study is a block size of its granules');
  });

  it('is the study the renderers of @kvmsim/report are tested on', async () => {
    await expect(`${JSON.stringify(report, null, 2)}\n`).toMatchFileSnapshot(
      '../../../report/src/__fixtures__/seed/policies.policy-report.json',
    );
  });

  it('studies each granule with its block sizes above a page by default', () => {
    expect(
      studyConfigurations(['4K', '16K', '64K']).map((c) => `${c.granule}/${c.chunkSize}`),
    ).toEqual([`4K/${2 ** 21}`, `4K/${G}`, `16K/${2 ** 25}`, `64K/${2 ** 29}`]);
  });
});
