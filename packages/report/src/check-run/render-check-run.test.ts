import { describe, expect, it } from 'vitest';
import type { Report, ReportFinding } from '../model/report.js';
import { changedLinesFromPatch, renderCheckRun } from './render-check-run.js';

const loc = (line: number) => ({ file: 'arch/arm64/kvm/nested.c', line, column: 2 });
const deadlock: ReportFinding = {
  id: 'deadlock-00000001',
  kind: 'deadlock',
  scenario: 'naive-flush',
  scenarios: ['naive-flush'],
  message: 'write_lock(kvm.mmu_lock) while the thread already holds it for write',
  threads: ['exit_mm'],
  functions: ['kvm_arch_flush_shadow_all', 'kvm_free_stage2_pgd'],
  locations: [loc(1100)],
  trace: [
    {
      thread: 'exit_mm',
      function: 'kvm_arch_flush_shadow_all',
      op: 'lock',
      text: 'write_lock(kvm.mmu_lock)',
      loc: loc(1193),
      locksHeld: ['kvm.mmu_lock'],
    },
    {
      thread: 'exit_mm',
      function: 'kvm_free_stage2_pgd',
      op: 'lock',
      text: 'write_lock(kvm.mmu_lock)',
      loc: loc(1100),
      locksHeld: ['kvm.mmu_lock'],
    },
  ],
  restsOnUnknown: false,
  revision: 'head',
};
const report: Report = {
  schemaVersion: 2,
  tool: { name: 'kvmsim', version: '0.1.0' },
  base: { label: 'base' },
  head: { label: 'head' },
  verdict: { conclusion: 'failure', summary: '1 finding introduced (deadlock)', complete: true },
  findings: { introduced: [deadlock], fixed: [], unchanged: [], undetermined: [] },
  unverified: [],
  changedFunctions: { added: [], removed: [], changed: ['kvm_arch_flush_shadow_all'] },
  scenarios: [],
  diagnostics: [],
  timings: {},
};

describe('changedLinesFromPatch', () => {
  it('collects the added lines of the head side', () => {
    const patch =
      '@@ -1190,6 +1190,8 @@ void kvm_arch_flush_shadow_all(struct kvm *kvm)\n {\n \tint i;\n \n+\tguard(write_lock)(&kvm->mmu_lock);\n+\n \tfor (i = 0;\n-\told\n \tend';
    expect([...(changedLinesFromPatch('f.c', patch).get('f.c') ?? [])]).toEqual([1193, 1194]);
  });
});

describe('renderCheckRun', () => {
  it('annotates only lines the pull request changed', () => {
    const output = renderCheckRun(report, new Map([['arch/arm64/kvm/nested.c', new Set([1193])]]));
    expect(output.annotations).toEqual([
      expect.objectContaining({
        path: 'arch/arm64/kvm/nested.c',
        start_line: 1193,
        annotation_level: 'failure',
      }),
    ]);
    expect(output.annotations[0]?.raw_details).toContain('2. [exit_mm] write_lock(kvm.mmu_lock)');
  });
  it('makes no annotation when the finding touches no changed line', () => {
    expect(renderCheckRun(report, new Map()).annotations).toEqual([]);
  });
  it('titles the run with the verdict', () => {
    const output = renderCheckRun(report, new Map());
    expect(output.title).toBe('1 finding introduced (deadlock)');
    expect(output.text).toContain('### introduced: deadlock (deadlock-00000001)');
  });
});
