import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '@kvmsim/analyze';
import { decideFiles } from './decide-files.js';

const file = (filename: string) => ({ filename, status: 'modified' });

describe('decideFiles', () => {
  it('analyses a pull request that touches KVM arm64', () => {
    expect(
      decideFiles([file('arch/arm64/kvm/mmu.c'), file('Documentation/x.rst')], DEFAULT_CONFIG),
    ).toEqual({
      kind: 'analyse',
      matched: ['arch/arm64/kvm/mmu.c'],
    });
  });
  it('stays silent on other pull requests unless a neutral check is configured', () => {
    expect(decideFiles([file('mm/memory.c')], DEFAULT_CONFIG).kind).toBe('silent');
    expect(
      decideFiles([file('mm/memory.c')], { ...DEFAULT_CONFIG, neutralCheckWhenIrrelevant: true })
        .kind,
    ).toBe('neutral');
  });
  it('gives a neutral result when the pull request is too large, naming the limit', () => {
    const many = Array.from({ length: 401 }, (_, index) => file(`arch/arm64/kvm/f${index}.c`));
    const plan = decideFiles(many, DEFAULT_CONFIG);
    expect(plan.kind).toBe('neutral');
    expect(plan.kind === 'neutral' && plan.reason).toContain('limits.maxFiles');
  });
});
