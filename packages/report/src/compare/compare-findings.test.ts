import { describe, expect, it } from 'vitest';
import { compareFindings } from './compare-findings.js';

const doubleFree = { id: 'double-free-1', functions: ['kvm_arch_flush_shadow_all'] };
const commitRace = { id: 'double-free-2', functions: ['kvm_arch_commit_memory_region'] };
const selfDeadlock = {
  id: 'deadlock-1',
  functions: ['kvm_arch_flush_shadow_all', 'kvm_free_stage2_pgd'],
};
const vcpuRace = { id: 'data-race-1', functions: ['user_mem_abort'] };

describe('compareFindings', () => {
  const changed = new Set(['kvm_arch_flush_shadow_all']);
  const result = compareFindings(
    [doubleFree, commitRace],
    [commitRace, selfDeadlock, vcpuRace],
    changed,
  );

  it('reports a finding only in base as fixed', () => {
    expect(result.fixed).toEqual([doubleFree]);
  });
  it('blames a new finding on the patch when it involves a changed function', () => {
    expect(result.introduced).toEqual([selfDeadlock]);
  });
  it('keeps a finding present on both sides as unchanged', () => {
    expect(result.unchanged).toEqual([commitRace]);
  });
  it('never blames the patch for a new finding in functions it did not touch', () => {
    expect(result.preExisting).toEqual([vcpuRace]);
    expect(result.introduced).not.toContainEqual(vcpuRace);
  });
});
