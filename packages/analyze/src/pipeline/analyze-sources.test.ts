// The pipeline from C text, with a repository's config applied: which files
// are read, which scenarios run, which kinds fail the verdict.
import { describe, expect, it } from 'vitest';
import { seedTree } from '@kvmsim/scenarios';
import { loadConfig } from '../config/parse-config.js';
import { analyzeSources } from './analyze-sources.js';
import { repositoryScenarios } from './configured-scenarios.js';
import { OWN_SCENARIO } from './__fixtures__/own-scenario.js';

function analyze(variant: string, configText?: string, files = new Map<string, string>()) {
  const config = loadConfig(configText);
  let clock = 0;
  return analyzeSources({
    base: { label: 'upstream', sources: seedTree('upstream') },
    head: { label: variant, sources: seedTree(variant) },
    config,
    repositoryScenarios: repositoryScenarios(files, config),
    toolVersion: '0.0.0-test',
    now: () => (clock += 1),
  });
}

describe('analyzeSources', () => {
  it('with the defaults: the same report as the demo, extraction timed', async () => {
    const report = await analyze('patch1');
    expect(report.verdict.summary).toBe('1 finding introduced (missing-lock)');
    expect(report.timings.extract).toBeGreaterThan(0);
    expect(report.changedFunctions.changed).toContain('kvm_arch_flush_shadow_all');
  });

  it('fails only on the kinds the config names', async () => {
    const report = await analyze('patch1', 'failOn: [deadlock, double-free]\n');
    expect(report.findings.introduced.map((finding) => finding.kind)).toEqual(['missing-lock']);
    expect(report.verdict.conclusion).toBe('success');
  });

  it('runs no disabled scenario, and a repository scenario next to the built-in ones', async () => {
    const report = await analyze(
      'patch1',
      'scenarios:\n  disable: [alone-vm-create, flush-vs-flush]\n',
      new Map([['.github/kvmsim/scenarios/own.yml', OWN_SCENARIO]]),
    );
    const names = report.scenarios.map((scenario) => scenario.name);
    expect(names).not.toContain('flush-vs-flush');
    expect(names).not.toContain('alone-vm-create');
    expect(names).toContain('own-flush-pair');
    expect(
      report.findings.fixed.filter((finding) => finding.scenario === 'own-flush-pair'),
    ).not.toEqual([]);
  });

  it('reads only the configured analysis set: without mmu.c nothing changed', async () => {
    const report = await analyze('patch1', 'analysisSet: ["virt/kvm/*.c", "include/**"]\n');
    expect(report.changedFunctions).toEqual({ added: [], removed: [], changed: [] });
    // Only what is marked to run on every change is left.
    expect(report.scenarios.map((scenario) => scenario.reason)).toEqual(['marked always']);
    expect(report.verdict.conclusion).toBe('success');
  });

  it('applies the budget: a tiny state budget makes the runs bounded, and says so', async () => {
    const report = await analyze('patch1', 'budgets: { maxStates: 3 }\n');
    const flush = report.scenarios.find((scenario) => scenario.name === 'flush-vs-flush');
    expect(flush?.head).toMatchObject({ exhaustive: false, stopReason: 'states' });
  });

  it('is never green when every run was cut off: neutral, and says so first', async () => {
    const report = await analyze('patch1-fixup', 'budgets: { maxStates: 10 }\n');
    expect(report.scenarios.every((scenario) => !scenario.complete)).toBe(true);
    expect(report.verdict.conclusion).toBe('neutral');
    expect(report.verdict.complete).toBe(false);
    expect(report.verdict.summary).toMatch(/^incomplete: \d+ of \d+ scenarios cut off or not run/);
    // Nothing is claimed fixed or introduced on runs that did not finish.
    expect(report.findings.fixed).toEqual([]);
    expect(report.findings.introduced).toEqual([]);
  });

  it('counts transitions too: the same cut on any machine', async () => {
    const report = await analyze('patch1', 'budgets: { maxTransitions: 5 }\n');
    const flush = report.scenarios.find((scenario) => scenario.name === 'flush-vs-flush');
    expect(flush?.head).toMatchObject({ exhaustive: false, stopReason: 'transitions' });
    expect(flush?.head?.transitions).toBe(5);
  });
});

describe('the time limit of the whole analysis, a safety net', () => {
  it('leaves the scenarios that would start after it unrun, and the verdict incomplete', async () => {
    const report = await analyze('patch1-fixup', 'budgets: { totalMs: 1 }\n');
    expect(report.scenarios.length).toBeGreaterThan(0);
    for (const scenario of report.scenarios) {
      expect(scenario.skipped).toMatch(/not run, the analysis reached its time limit/);
      expect(scenario.complete).toBe(false);
    }
    expect(report.findings.introduced).toEqual([]);
    expect(report.verdict).toMatchObject({ conclusion: 'neutral', complete: false });
  });
});

describe('a file over limits.maxFileBytes', () => {
  it('is not analysed on either side, named with its size and the limit, and the verdict is incomplete', async () => {
    const report = await analyze('patch1', 'limits:\n  maxFileBytes: 4000\n');
    expect(report.diagnostics.filter((d) => d.code === 'source-too-large')).toEqual([
      expect.objectContaining({
        revision: 'base',
        loc: { file: 'arch/arm64/kvm/mmu.c', line: 1, column: 1 },
        message: expect.stringMatching(
          /^arch\/arm64\/kvm\/mmu\.c is \d+ bytes, over the limit of 4000 \(limits\.maxFileBytes\): not analysed$/,
        ),
      }),
      expect.objectContaining({
        revision: 'head',
        loc: expect.objectContaining({ file: 'arch/arm64/kvm/mmu.c' }),
      }),
    ]);
    expect(report.changedFunctions.changed).not.toContain('kvm_arch_flush_shadow_all');
    expect(report.verdict).toMatchObject({ conclusion: 'neutral', complete: false });
    expect(report.verdict.summary).toMatch(
      /^incomplete: arch\/arm64\/kvm\/mmu\.c not analysed \(over the size limit\)/,
    );
  });

  it('left out by a shell on one side only is left out of both, and named', async () => {
    const head = new Map(seedTree('patch1'));
    head.delete('arch/arm64/kvm/mmu.c');
    const report = await analyzeSources({
      base: { label: 'upstream', sources: seedTree('upstream') },
      head: {
        label: 'patch1',
        sources: head,
        oversized: [{ path: 'arch/arm64/kvm/mmu.c', bytes: 5_000_000, limit: 4_194_304 }],
      },
      toolVersion: '0.0.0-test',
    });
    // Not "every function of mmu.c removed": nothing of mmu.c is compared.
    expect(report.changedFunctions.removed).toEqual([]);
    expect(report.findings.fixed).toEqual([]);
    expect(report.diagnostics.map((d) => [d.code, d.revision])).toEqual([
      ['source-too-large', 'head'],
    ]);
    expect(report.verdict.complete).toBe(false);
    expect(report.verdict.conclusion).not.toBe('success');
  });
});
