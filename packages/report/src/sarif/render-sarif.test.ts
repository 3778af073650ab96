import { describe, expect, it } from 'vitest';
import type { Report, ReportFinding } from '../model/report.js';
import { renderSarif } from './render-sarif.js';
import { compileSarifValidator } from '../test-helpers/sarif-validator.js';

const loc = (line: number) => ({ file: 'arch/arm64/kvm/mmu.c', line, column: 1 });
const finding = (id: string, kind: string): ReportFinding => ({
  id,
  kind,
  scenario: 'commit-vs-flush',
  scenarios: ['commit-vs-flush'],
  message: 'kvm.arch.mmu.split_page_cache is freed twice',
  threads: ['commit', 'flush'],
  functions: ['kvm_arch_commit_memory_region'],
  path: 'kvm.arch.mmu.split_page_cache',
  locations: [loc(1400)],
  trace: [
    {
      thread: 'commit',
      function: 'kvm_arch_commit_memory_region',
      op: 'cache_free',
      text: 'kvm_mmu_free_memory_cache(split_page_cache)',
      loc: loc(1400),
      locksHeld: ['kvm.slots_lock'],
    },
  ],
  restsOnUnknown: false,
  revision: 'head',
});
const report: Report = {
  schemaVersion: 2,
  tool: { name: 'kvmsim', version: '0.1.0' },
  repository: { serverUrl: 'https://github.com', owner: 'kvmarm', repo: 'linux' },
  base: { label: 'base', sha: 'a'.repeat(40) },
  head: { label: 'head', sha: 'b'.repeat(40) },
  verdict: { conclusion: 'failure', summary: '1 finding introduced (double-free)', complete: true },
  findings: {
    introduced: [finding('double-free-1', 'double-free')],
    fixed: [finding('double-free-9', 'double-free')],
    unchanged: [finding('data-race-2', 'data-race')],
    undetermined: [],
  },
  unverified: [],
  changedFunctions: { added: [], removed: [], changed: [] },
  scenarios: [],
  diagnostics: [],
  timings: {},
};

describe('renderSarif', () => {
  const sarif = renderSarif(report);

  it('validates against the SARIF 2.1.0 schema', () => {
    const validate = compileSarifValidator();
    const valid = validate(sarif);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('reports head findings only, with identity fingerprints and a code flow', () => {
    const run = sarif.runs[0] as {
      results: {
        ruleId: string;
        partialFingerprints: Record<string, string>;
        codeFlows: unknown[];
      }[];
    };
    expect(run.results.map((entry) => entry.ruleId)).toEqual(['double-free', 'data-race']);
    expect(run.results[0]?.partialFingerprints).toEqual({
      'kvmsimFindingIdentity/v2': 'double-free-1',
    });
    expect(run.results[0]?.codeFlows).toHaveLength(1);
  });

  it('has one rule per finding kind', () => {
    const run = sarif.runs[0] as { tool: { driver: { rules: { id: string }[] } } };
    expect(run.tool.driver.rules.map((rule) => rule.id)).toContain('sleep-in-atomic');
    expect(run.tool.driver.rules).toHaveLength(9);
  });

  it('fails validation when the log is broken (the check can fail)', () => {
    expect(compileSarifValidator()({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
  });
});
