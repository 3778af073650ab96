// What a pull request costs: the workloads run on base and head when the
// change reaches what they call, and what the head adds shows in the verdict.
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderText } from '@kvmsim/report';
import { policyTree, seedTree } from '@kvmsim/scenarios';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/parse-config.js';
import { analyzeSources } from '../pipeline/analyze-sources.js';

function analyze(head: Map<string, string>, configText?: string) {
  return analyzeSources({
    base: { label: 'upstream', sources: seedTree('upstream') },
    head: { label: 'head', sources: head },
    config: loadConfig(configText),
    toolVersion: '0.0.0-test',
  });
}

describe('the costs of a pull request', () => {
  it('a head that keeps the split cache fails on the capacity WARN the workloads now meet', async () => {
    const report = await analyze(policyTree('keep-until-destroy'));
    expect(report.policy?.reason).toMatch(
      /^set-memory-region reaches kvm_vm_ioctl_set_memory_region → .*kvm_arch_commit_memory_region$/,
    );
    expect(report.verdict.conclusion).toBe('failure');
    expect(report.verdict.summary).toContain('the workloads meet 1 new finding (warn)');
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('## What it costs');
    expect(markdown).toContain('| `head` | 4K pages, 1G chunks | 2.0 MiB | 2.0 MiB (+2.0 MiB) |');
    expect(renderText(report)).toContain('what it costs (set-memory-region reaches');
  }, 120_000);

  it('a head that refuses chunk-size changes names the ABI change and does not fail for it', async () => {
    const report = await analyze(policyTree('refuse-chunk-change'));
    expect(report.verdict.summary).toContain('1 ABI change');
    expect(report.policy?.workloads.flatMap((workload) => workload.abiChanges)).toEqual([
      expect.objectContaining({
        workload: 'chunk-size-after-use',
        policy: 'head',
        label: 'KVM_ENABLE_CAP(ARM_EAGER_SPLIT_CHUNK_SIZE, 2M)',
        baseline: '0',
        result: '-22',
      }),
    ]);
    expect(renderMarkdown(report)).toContain(
      '`KVM_ENABLE_CAP(ARM_EAGER_SPLIT_CHUNK_SIZE, 2M)` returns `-22` under `head` (`0` before)',
    );
  }, 120_000);

  it('stays out of a change the workloads do not reach, and of every change with run: never', async () => {
    const untouched = await analyze(seedTree('patch1'));
    expect(untouched.policy).toBeUndefined();
    expect(renderMarkdown(untouched)).not.toContain('What it costs');
    const never = await analyze(policyTree('keep-until-destroy'), 'policy:\n  run: never\n');
    expect(never.policy).toBeUndefined();
  }, 120_000);

  it('refuses a workload name no workload has, with its key', async () => {
    await expect(
      analyze(seedTree('patch1'), 'policy:\n  workloads: [live-migraton]\n'),
    ).rejects.toThrow(ConfigError);
    await expect(
      analyze(seedTree('patch1'), 'policy:\n  workloads: [live-migraton]\n'),
    ).rejects.toThrow(/policy\.workloads\.0.*no workload is named "live-migraton"/);
  });
});
