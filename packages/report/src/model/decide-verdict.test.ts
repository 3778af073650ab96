import { describe, expect, it } from 'vitest';
import { decideVerdict } from './decide-verdict.js';

const finding = (id: string, kind: string) => ({ id, kind, functions: ['f'] });
const empty = { fixed: [], introduced: [], unchanged: [], preExisting: [] };

describe('decideVerdict', () => {
  it('fails when the patch introduces a finding', () => {
    expect(
      decideVerdict({ ...empty, introduced: [finding('a', 'deadlock')] }, { scenariosRun: 3 }),
    ).toEqual({ conclusion: 'failure', summary: '1 finding introduced (deadlock)' });
  });
  it('succeeds and says what was fixed when nothing is introduced', () => {
    expect(
      decideVerdict({ ...empty, fixed: [finding('a', 'double-free')] }, { scenariosRun: 3 }),
    ).toEqual({ conclusion: 'success', summary: '1 finding fixed' });
  });
  it('ignores kinds the repository does not fail on, but says so', () => {
    const verdict = decideVerdict(
      { ...empty, introduced: [finding('a', 'lock-order')] },
      { scenariosRun: 1, failOn: ['double-free'] },
    );
    expect(verdict.conclusion).toBe('success');
    expect(verdict.summary).toContain('1 introduced of kinds not failed on');
  });
  it('is neutral when no scenario ran', () => {
    expect(decideVerdict(empty, { scenariosRun: 0 }).conclusion).toBe('neutral');
  });
});
