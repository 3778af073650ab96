// The seed thread's cases, each a claim a maintainer made in review, checked
// mechanically (the hand-written IR lives in test-helpers/seed-cases.ts).
import { describe, expect, it } from 'vitest';
import { SEED_CASES } from '../test-helpers/seed-cases.js';
import type { SimulationInput } from './simulation-input.js';
import { replayFinding, simulate } from './simulate.js';

const kinds = (name: string) => {
  const input = SEED_CASES[name] as SimulationInput;
  const result = simulate(input);
  expect(result.exhaustive).toBe(true);
  for (const finding of result.findings) expect(replayFinding(input, finding)).toBe(true);
  return [...new Set(result.findings.map((finding) => finding.kind))].sort();
};

describe('the seed thread', () => {
  it('upstream: two concurrent flushes double-free nested_mmus and the split cache, not the pgt (freed under mmu_lock)', () => {
    const result = simulate(SEED_CASES['upstream-flush'] as SimulationInput);
    const freed = result.findings
      .filter((finding) => finding.kind === 'double-free')
      .map((finding) => finding.subject);
    expect(new Set(freed)).toEqual(
      new Set([
        'nested_mmus',
        'kvm.arch.mmu.split_page_cache.objects',
        'kvm.arch.mmu.split_page_cache page',
      ]),
    );
    expect(kinds('upstream-flush')).toContain('double-free');
  });

  it('patch 1: the flush under the MMU write lock frees each object once', () => {
    expect(kinds('patch1-flush')).toEqual([]);
  });

  it("patch 1's first draft deadlocks on mmu_lock taken twice", () => {
    expect(kinds('naive-self-deadlock')).toEqual(['deadlock']);
  });

  it('taking slots_lock inside kvm->srcu deadlocks against synchronize_srcu under slots_lock', () => {
    expect(kinds('flush-takes-slots-lock')).toEqual(['deadlock', 'lock-order']);
  });

  it("a chunk-size change trips the memory cache's capacity WARN", () => {
    expect(kinds('chunk-size-change')).toEqual(['warn']);
  });
});
