import { describe, expect, it } from 'vitest';
import type { Report, ReportFinding } from '../model/report.js';
import { renderLanes, renderText, sanitizeTerminal } from './render-text.js';

const loc = (line: number) => ({ file: 'arch/arm64/kvm/mmu.c', line, column: 1 });
const finding: ReportFinding = {
  id: 'use-after-free-1',
  kind: 'use-after-free',
  scenario: 'clear-dirty-log-vs-flush',
  scenarios: ['clear-dirty-log-vs-flush'],
  message: 'the split cache is topped up after the flush freed it',
  threads: ['clear_dirty_log', 'exit_mm'],
  functions: ['kvm_mmu_split_huge_pages'],
  locations: [loc(140)],
  trace: [
    {
      thread: 'clear_dirty_log',
      function: 'kvm_mmu_split_huge_pages',
      op: 'unlock',
      text: 'write_unlock(kvm.mmu_lock)',
      loc: loc(130),
      locksHeld: [],
    },
    {
      thread: 'exit_mm',
      function: 'kvm_uninit_stage2_mmu',
      op: 'cache_free',
      text: 'kvm_mmu_free_memory_cache(split_page_cache)',
      loc: loc(1020),
      locksHeld: ['kvm.srcu'],
    },
    {
      thread: 'clear_dirty_log',
      function: 'kvm_mmu_split_huge_pages',
      op: 'cache_topup',
      text: 'topup(split_page_cache)',
      loc: loc(140),
      locksHeld: [],
    },
  ],
  restsOnUnknown: false,
  revision: 'head',
};
const report: Report = {
  schemaVersion: 2,
  tool: { name: 'kvmsim', version: '0.1.0' },
  base: { label: 'HEAD~1' },
  head: { label: 'HEAD' },
  verdict: {
    conclusion: 'failure',
    summary: '1 finding introduced (use-after-free)',
    complete: true,
  },
  findings: { introduced: [finding], fixed: [], unchanged: [], undetermined: [] },
  unverified: [],
  changedFunctions: { added: [], removed: [], changed: [] },
  scenarios: [],
  diagnostics: [],
  timings: {},
};

describe('renderLanes', () => {
  it('draws one column per thread and one row per step', () => {
    const lanes = renderLanes(finding.trace, 20).split('\n');
    expect(lanes[0]).toMatch(/clear_dirty_log\s+\| exit_mm/);
    expect(lanes).toHaveLength(2 + 3);
    expect(lanes[3]).toMatch(/^ {2}2 {2}\s{20} \| kvm_mmu_free_memory…/);
  });
});

describe('renderText', () => {
  it('has no escape codes without colour', () => {
    expect(renderText(report)).not.toContain('\x1b[');
    expect(renderText(report).split('\n')[0]).toBe('kvmsim 1 finding introduced (use-after-free)');
  });
  it('colours the verdict when asked', () => {
    expect(renderText(report, { color: true })).toContain('\x1b[31m1 finding introduced');
  });
  it('strips control characters from analysed names', () => {
    expect(sanitizeTerminal('a\x1b[2Jb\nc')).toBe('a [2Jb c');
  });
  it('names a file that was not analysed, under the counts', () => {
    const lines = renderText({
      ...report,
      diagnostics: [
        {
          code: 'source-too-large',
          severity: 'warning' as const,
          message:
            'arch/arm64/kvm/mmu.c is 5000000 bytes, over the limit of 4194304 (limits.maxFileBytes): not analysed',
          loc: { file: 'arch/arm64/kvm/mmu.c', line: 1, column: 1 },
          revision: 'head' as const,
        },
      ],
    }).split('\n');
    expect(lines[2]).toBe(
      'head: arch/arm64/kvm/mmu.c is 5000000 bytes, over the limit of 4194304 (limits.maxFileBytes): not analysed',
    );
  });
});
