import { describe, expect, it } from 'vitest';
import { decideVerdict } from './decide-verdict.js';

const finding = (id: string, kind: string) => ({ id, kind, scenarios: ['s'] });
const empty = { fixed: [], introduced: [], unchanged: [], undetermined: [] };
const complete = { scenarios: 3, incomplete: 0 };

describe('decideVerdict', () => {
  it('fails when the patch introduces a finding', () => {
    expect(decideVerdict({ ...empty, introduced: [finding('a', 'deadlock')] }, complete)).toEqual({
      conclusion: 'failure',
      complete: true,
      summary: '1 finding introduced (deadlock)',
    });
  });

  it('succeeds and says what was fixed when nothing is introduced', () => {
    expect(decideVerdict({ ...empty, fixed: [finding('a', 'double-free')] }, complete)).toEqual({
      conclusion: 'success',
      complete: true,
      summary: '1 finding fixed',
    });
  });

  it('ignores kinds the repository does not fail on, but says so', () => {
    const verdict = decideVerdict(
      { ...empty, introduced: [finding('a', 'lock-order')] },
      { ...complete, failOn: ['double-free'] },
    );
    expect(verdict.conclusion).toBe('success');
    expect(verdict.summary).toContain('1 introduced of kinds not failed on');
  });

  it('is neutral when no scenario ran', () => {
    expect(decideVerdict(empty, { scenarios: 0, incomplete: 0 }).conclusion).toBe('neutral');
  });

  it('is never a success when a scenario was cut off or not run, and says so first', () => {
    const verdict = decideVerdict(
      { ...empty, fixed: [finding('a', 'double-free')] },
      { scenarios: 8, incomplete: 2 },
    );
    expect(verdict).toEqual({
      conclusion: 'neutral',
      complete: false,
      summary: 'incomplete: 2 of 8 scenarios cut off or not run; 1 finding fixed',
    });
    expect(decideVerdict(empty, { scenarios: 1, incomplete: 1 }).summary).toBe(
      'incomplete: 1 of 1 scenario cut off or not run; no finding introduced in what ran',
    );
  });

  it('still fails on an introduced finding when other scenarios were cut off', () => {
    const verdict = decideVerdict(
      { ...empty, introduced: [finding('a', 'deadlock')], undetermined: [] },
      { scenarios: 8, incomplete: 1 },
    );
    expect(verdict).toEqual({
      conclusion: 'failure',
      complete: false,
      summary: '1 finding introduced (deadlock); incomplete: 1 of 8 scenarios cut off or not run',
    });
  });

  it('is never a success when a file of the analysis set was not analysed, and names it', () => {
    const files = ['arch/arm64/kvm/mmu.c'];
    expect(
      decideVerdict(
        { ...empty, fixed: [finding('a', 'double-free')] },
        { ...complete, unanalysedFiles: files },
      ),
    ).toEqual({
      conclusion: 'neutral',
      complete: false,
      summary:
        'incomplete: arch/arm64/kvm/mmu.c not analysed (over the size limit); 1 finding fixed',
    });
    expect(decideVerdict(empty, { scenarios: 0, incomplete: 0, unanalysedFiles: files })).toEqual({
      conclusion: 'neutral',
      complete: false,
      summary:
        'incomplete: arch/arm64/kvm/mmu.c not analysed (over the size limit); no scenario reaches a changed function',
    });
    expect(
      decideVerdict(empty, {
        scenarios: 8,
        incomplete: 2,
        unanalysedFiles: ['a.c', 'b.c', 'c.c', 'd.c'],
      }).summary,
    ).toBe(
      'incomplete: 2 of 8 scenarios cut off or not run, 4 files (a.c, b.c, c.c, ...) not analysed (over the size limit); no finding introduced in what ran',
    );
  });

  it('still fails on an introduced finding when a file was not analysed', () => {
    expect(
      decideVerdict(
        { ...empty, introduced: [finding('a', 'deadlock')] },
        { ...complete, unanalysedFiles: ['arch/arm64/kvm/mmu.c'] },
      ),
    ).toEqual({
      conclusion: 'failure',
      complete: false,
      summary:
        '1 finding introduced (deadlock); incomplete: arch/arm64/kvm/mmu.c not analysed (over the size limit)',
    });
  });
});
