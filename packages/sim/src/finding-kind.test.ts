import { describe, expect, it } from 'vitest';
import { FINDING_KINDS, isFindingKind } from './finding-kind.js';

describe('finding kinds', () => {
  it('lists the nine detectors of the design', () => {
    expect(FINDING_KINDS).toHaveLength(9);
  });
  it('recognises detector names and rejects others', () => {
    expect(isFindingKind('double-free')).toBe(true);
    expect(isFindingKind('race')).toBe(false);
  });
});
