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
  it('finds the first and last set bit of a u64 word, undefined for 0', () => {
    const all = 2n ** 64n - 1n;
    expect(evaluateHelper('__ffs', [all], { geometry })).toBe(0);
    expect(evaluateHelper('__fls', [all], { geometry })).toBe(63);
    expect(evaluateHelper('__ffs', [0b1011000], { geometry })).toBe(3);
    expect(evaluateHelper('__fls', [0b1011000], { geometry })).toBe(6);
    expect(evaluateHelper('__ffs', [2n ** 63n], { geometry })).toBe(63);
    expect(evaluateHelper('__ffs', [0], { geometry })).toBeUndefined();
  });
  it('ends a chunk at the next chunk boundary or at the end, as __stage2_range_addr_end', () => {
    const G = 2 ** 30;
    expect(evaluateHelper('__stage2_range_addr_end', [0, 4 * G, G], { geometry })).toBe(G);
    expect(evaluateHelper('__stage2_range_addr_end', [G + 4096, 4 * G, G], { geometry })).toBe(
      2 * G,
    );
    expect(evaluateHelper('__stage2_range_addr_end', [G, G + 8192, G], { geometry })).toBe(
      G + 8192,
    );
  });
  it('gives PAGE_SHIFT and PAGE_SIZE of the granule', () => {
    const large = stage2Geometry({ granule: '64K', ipaBits: 40 });
    expect(evaluateHelper('PAGE_SHIFT', [], { geometry })).toBe(12);
    expect(evaluateHelper('PAGE_SIZE', [], { geometry: large })).toBe(65536);
  });
});
