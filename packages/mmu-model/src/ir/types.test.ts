import { describe, expect, it } from 'vitest';
import { BINARY_OPERATORS, FREE_APIS, IR_VERSION, LOCK_KINDS, LOCK_MODES } from '../index.js';

describe('IR vocabulary', () => {
  it('publishes the lock kinds the world models, including the rwlock of kvm->mmu_lock', () => {
    expect(LOCK_KINDS).toEqual(['mutex', 'spinlock', 'raw_spinlock', 'rwlock', 'srcu']);
    expect(LOCK_MODES).toEqual(['exclusive', 'read', 'write']);
  });

  it('has no duplicate operators or free APIs', () => {
    expect(new Set(BINARY_OPERATORS).size).toBe(BINARY_OPERATORS.length);
    expect(new Set(FREE_APIS).size).toBe(FREE_APIS.length);
    expect(FREE_APIS).toContain('kvfree');
  });

  it('is at version 1', () => {
    expect(IR_VERSION).toBe(1);
  });
});
