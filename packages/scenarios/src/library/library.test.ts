// Every built-in scenario on the upstream-shaped example and on every variant
// the seed thread discusses: the finding kinds each must report (empty: it
// must stay silent). This table is the seed thread's review, mechanised.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProgramModel } from '@kvmsim/mmu-model';
import { extractProgram } from '@kvmsim/extract';
import { replayFinding } from '@kvmsim/sim';
import { runScenario } from '../run/run-scenario.js';
import { seedTree, seedVariants } from '../seed/seed-example.js';
import { builtinScenario, builtinScenarios } from './library.js';

const VARIANTS = ['upstream', ...seedVariants().map((variant) => variant.name)];

/** scenario → variant → finding kinds. */
const EXPECTED: Record<string, Record<string, string>> = {
  'flush-vs-flush': {
    upstream: 'data-race double-free missing-lock use-after-free',
    patch1: 'missing-lock',
    'patch1-fixup': 'missing-lock',
    'naive-self-deadlock': 'deadlock',
    'flush-takes-slots-lock': '',
    'keep-cache-until-destroy': '',
    'refuse-chunk-change': 'data-race double-free missing-lock use-after-free',
    'patch4-generic': 'missing-lock',
  },
  'memslot-commit-vs-flush': {
    upstream: 'data-race double-free',
    patch1: 'data-race double-free',
    'patch1-fixup': 'data-race double-free',
    'naive-self-deadlock': '',
    'flush-takes-slots-lock': '',
    'keep-cache-until-destroy': '',
    'refuse-chunk-change': 'data-race double-free',
    'patch4-generic': 'data-race double-free',
  },
  'flush-slots-lock-vs-memslot-update': {
    upstream: '',
    patch1: '',
    'patch1-fixup': '',
    'naive-self-deadlock': 'deadlock',
    'flush-takes-slots-lock': 'deadlock lock-order sleep-in-atomic',
    'keep-cache-until-destroy': '',
    'refuse-chunk-change': '',
    'patch4-generic': '',
  },
  'eager-split-vs-flush': {
    upstream: 'data-race use-after-free',
    patch1: 'data-race use-after-free',
    'patch1-fixup': 'data-race use-after-free',
    'naive-self-deadlock': '',
    'flush-takes-slots-lock': '',
    'keep-cache-until-destroy': '',
    'refuse-chunk-change': 'data-race use-after-free',
    'patch4-generic': 'data-race use-after-free',
  },
  'flush-alone': {
    upstream: 'missing-lock',
    patch1: 'missing-lock',
    'patch1-fixup': 'missing-lock',
    'naive-self-deadlock': 'deadlock',
    'flush-takes-slots-lock': 'sleep-in-atomic',
    'keep-cache-until-destroy': '',
    'refuse-chunk-change': 'missing-lock',
    'patch4-generic': 'missing-lock',
  },
  'vcpu-fault-vs-memslot-delete': Object.fromEntries(VARIANTS.map((variant) => [variant, ''])),
  'vcpu-fault-vs-invalidate': Object.fromEntries(VARIANTS.map((variant) => [variant, ''])),
  'dirty-log-enable-vs-clear': Object.fromEntries(VARIANTS.map((variant) => [variant, ''])),
};

const programs = new Map<string, ProgramModel>();

beforeAll(async () => {
  for (const variant of VARIANTS)
    programs.set(variant, (await extractProgram(seedTree(variant))).program);
});

describe('the built-in library on the seed example', () => {
  it('has an expected result for every scenario and every variant', () => {
    expect(
      builtinScenarios()
        .map((scenario) => scenario.name)
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
    for (const row of Object.values(EXPECTED))
      expect(Object.keys(row).sort()).toEqual([...VARIANTS].sort());
  });

  for (const [name, row] of Object.entries(EXPECTED)) {
    it.each(VARIANTS)(`${name} on %s`, (variant) => {
      const scenario = builtinScenario(name);
      const program = programs.get(variant);
      if (scenario === undefined || program === undefined)
        throw new Error('missing scenario or program');
      const run = runScenario(scenario, program);
      if (run.skipped !== undefined) throw new Error(`skipped: ${run.skipped}`);
      expect(run.result.exhaustive).toBe(true);
      const kinds = [...new Set(run.result.findings.map((finding) => finding.kind))]
        .sort()
        .join(' ');
      expect(kinds).toBe(row[variant]);
      for (const finding of run.result.findings)
        expect(
          replayFinding(run.input, finding),
          `${finding.key}: ${JSON.stringify(finding.steps)}`,
        ).toBe(true);
    });
  }

  it('the flush double free names the two flushes and the nested array, with a trace through the real functions', () => {
    const scenario = builtinScenario('flush-vs-flush');
    const program = programs.get('upstream');
    if (scenario === undefined || program === undefined)
      throw new Error('missing scenario or program');
    const run = runScenario(scenario, program);
    const found = run.result?.findings.find(
      (finding) => finding.kind === 'double-free' && finding.subject === 'nested_mmus',
    );
    expect([...(found?.threads ?? [])].sort()).toEqual(['exit_mm', 'kvm_vm_release']);
    expect(found?.functions).toContain('kvm_arch_flush_shadow_all');
    expect(found?.trace.map((step) => step.function)).toContain('kvm_arch_flush_shadow_all');
    expect(found?.locations[0]?.file).toBe('arch/arm64/kvm/mmu.c');
  });
});
