import { describe, expect, it } from 'vitest';
import { batchAnnotations } from './comment-limit.js';

describe('batchAnnotations', () => {
  it('splits 120 annotations into 50 + 50 + 20', () => {
    const batches = batchAnnotations(Array.from({ length: 120 }, (_, index) => index));
    expect(batches.map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toHaveLength(120);
  });
  it('sends no batch when there is nothing to annotate', () => {
    expect(batchAnnotations([])).toEqual([]);
  });
});
