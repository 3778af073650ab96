// The main job on the seed thread's example: patch 1 fixes the double frees of
// two concurrent flushes but its new assertion trips on VM creation's error
// path (introduced); the fixup keeps the fix without the new finding.
import { describe, expect, it } from 'vitest';
import { changedFunctions, extractProgram } from '@kvmsim/extract';
import { parseReport, renderMarkdown } from '@kvmsim/report';
import { builtinScenarios, seedTree } from '@kvmsim/scenarios';
import { simulationPool, type SimulationPool } from '@kvmsim/sim';
import { analyzeRevisions } from './analyze-revisions.js';

async function analyze(variant: string, pool?: SimulationPool) {
  const base = (await extractProgram(seedTree('upstream'))).program;
  const head = (await extractProgram(seedTree(variant))).program;
  let clock = 0;
  return analyzeRevisions({
    base: { label: 'upstream', program: base },
    head: { label: variant, program: head },
    changedFunctions: changedFunctions(base, head),
    scenarios: builtinScenarios(),
    toolVersion: '0.0.0-test',
    now: () => (clock += 1),
    ...(pool === undefined ? {} : { pool }),
  });
}

/** A report without its timings, which depend on when each run happened to start. */
function untimed(report: unknown): unknown {
  return JSON.parse(
    JSON.stringify(report, (key, value: unknown) =>
      key === 'durationMs' || key === 'timings' ? undefined : value,
    ),
  );
}

describe('analyzeRevisions on the seed example', () => {
  it('patch 1: fixes the flush double frees, introduces the failing assertion on VM creation', async () => {
    const report = await analyze('patch1');
    expect(parseReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
    expect(report.verdict).toEqual({
      conclusion: 'failure',
      complete: true,
      summary: '1 finding introduced (missing-lock)',
    });
    expect(
      report.findings.introduced.map((finding) => `${finding.scenario}: ${finding.message}`),
    ).toEqual([
      'alone-vm-create: lockdep_assert_held_write(kvm.mmu_lock) fails in kvm_uninit_stage2_mmu: vm-create holds no lock',
    ]);
    const fixed = report.findings.fixed.filter((finding) => finding.scenario === 'flush-vs-flush');
    expect(new Set(fixed.map((finding) => finding.kind))).toEqual(
      new Set(['double-free', 'use-after-free', 'data-race']),
    );
    // One root cause, one finding: the split cache's pages and array are freed twice by one call.
    expect(
      report.findings.fixed.filter(
        (finding) =>
          finding.kind === 'double-free' &&
          finding.path?.startsWith('kvm.arch.mmu.split_page_cache'),
      ),
    ).toHaveLength(1);
    // Sean's point stays: commit_memory_region still frees the cache the flush frees.
    expect(
      report.findings.unchanged.some(
        (finding) =>
          finding.scenario === 'memslot-commit-vs-flush' && finding.kind === 'double-free',
      ),
    ).toBe(true);
    expect(
      report.scenarios.find((scenario) => scenario.name === 'vcpu-fault-vs-invalidate'),
    ).toBeUndefined();
    expect(renderMarkdown(report)).toContain('missing-lock');
  });

  it('patch 1 with the fixup: the same fixes, nothing introduced', async () => {
    const report = await analyze('patch1-fixup');
    expect(report.verdict.conclusion).toBe('success');
    expect(report.findings.introduced).toEqual([]);
    expect(report.findings.fixed.some((finding) => finding.kind === 'double-free')).toBe(true);
  });

  it('the naive draft introduces the self-deadlock, though it waits in a function it did not change', async () => {
    const report = await analyze('naive-self-deadlock');
    expect(report.verdict.conclusion).toBe('failure');
    const deadlocks = report.findings.introduced.filter((finding) => finding.kind === 'deadlock');
    expect(deadlocks).toHaveLength(1);
    expect(report.changedFunctions.changed).not.toContain('kvm_free_stage2_pgd');
    // Listed once, with every scenario that meets it.
    expect(deadlocks[0]?.scenarios).toEqual(
      expect.arrayContaining(['flush-alone', 'flush-vs-flush', 'alone-mmu-notifier-release']),
    );
  });

  it('gives the same report on two worker threads as in this thread', async () => {
    const pool = simulationPool({ workers: 2 });
    try {
      for (const variant of ['patch1', 'naive-self-deadlock']) {
        const alone = await analyze(variant);
        const shared = await analyze(variant, pool);
        expect(untimed(shared)).toEqual(untimed(alone));
        expect(shared.scenarios.length).toBeGreaterThan(2);
      }
    } finally {
      await pool.close();
    }
  }, 120_000);
});
