import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../test-helpers/memory-io.js';
import { runCli } from '../../cli.js';

describe('kvmsim demo', () => {
  it('answers the seed thread memory question from the model: 513 pages for 4K/1G', async () => {
    const io = memoryIo();
    expect(await runCli(['demo', '--json'], io)).toBe(0);
    const { splitCache, report } = JSON.parse(io.out.join('')) as {
      splitCache: { granule: string; chunkSize: number; capacity: number }[];
      report: { verdict: { conclusion: string }; findings: { fixed: { kind: string }[] } };
    };
    expect(report.verdict.conclusion).toBe('failure');
    expect(report.findings.fixed.map((finding) => finding.kind)).toContain('double-free');
    expect(
      splitCache.find((row) => row.granule === '4K' && row.chunkSize === 2 ** 30)?.capacity,
    ).toBe(513);
    expect(
      splitCache.find((row) => row.granule === '64K' && row.chunkSize === 2 ** 29)?.capacity,
    ).toBe(1);
  });

  it('prints the comparison of upstream and patch 1 with traces, then the table', async () => {
    const io = memoryIo();
    expect(await runCli(['demo'], io)).toBe(0);
    const out = io.out.join('');
    expect(out).toContain('kvmsim 1 finding introduced (missing-lock)');
    expect(out).toMatch(
      /introduced: missing-lock lockdep_assert_held_write\(kvm\.mmu_lock\) fails in kvm_uninit_stage2_mmu/,
    );
    expect(out).toMatch(/fixed: double-free .*nested_mmus/);
    expect(out).toMatch(/4K\s+1G\s+513\s+2,105,352/);
  });

  it('takes another variant as the head: the fixup introduces nothing', async () => {
    const io = memoryIo();
    expect(await runCli(['demo', '--variant', 'patch1-fixup'], io)).toBe(0);
    expect(io.out.join('')).toMatch(/^kvmsim \d+ findings? fixed/m);
    await expect(runCli(['demo', '--variant', 'upstream'], memoryIo())).rejects.toThrow(
      /--variant upstream: expected one of/,
    );
  });

  it('rejects an unknown option', async () => {
    await expect(runCli(['demo', '--frobnicate'], memoryIo())).rejects.toThrow(/frobnicate/);
  });
});
