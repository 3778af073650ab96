import { describe, expect, it } from 'vitest';
import { stage2Geometry } from '../geometry/stage2-geometry.js';
import { evaluateHelper } from './model-helpers.js';

const geometry = stage2Geometry({ granule: '4K', ipaBits: 40 });

describe('evaluateHelper', () => {
  it('computes kvm_mmu_split_nr_page_tables from the geometry', () => {
    expect(evaluateHelper('kvm_mmu_split_nr_page_tables', [2 ** 30], { geometry })).toBe(513);
  });
  it('answers kvm_is_block_size_supported like the kernel', () => {
    expect(evaluateHelper('kvm_is_block_size_supported', [2 ** 21], { geometry })).toBe(true);
    expect(evaluateHelper('kvm_is_block_size_supported', [2 ** 22], { geometry })).toBe(false);
  });
  it('reads memslot facts from the scenario, unknown when not given', () => {
    expect(
      evaluateHelper('kvm_are_all_memslots_empty', [null], { geometry, memslotsEmpty: false }),
    ).toBe(false);
    expect(evaluateHelper('kvm_are_all_memslots_empty', [null], { geometry })).toBeUndefined();
    expect(evaluateHelper('memslot_is_logging', [null], { geometry, dirtyLogging: true })).toBe(
      true,
    );
  });
  it('is unknown for unknown helpers, wrong arity or unknown arguments', () => {
    expect(evaluateHelper('atomic_read', [1], { geometry })).toBeUndefined();
    expect(evaluateHelper('kvm_mmu_split_nr_page_tables', [], { geometry })).toBeUndefined();
    expect(
      evaluateHelper('kvm_mmu_split_nr_page_tables', [undefined], { geometry }),
    ).toBeUndefined();
  });
  it('gives kvm_granule_size per level', () => {
    expect(evaluateHelper('kvm_granule_size', [2], { geometry })).toBe(2 ** 21);
  });
});
