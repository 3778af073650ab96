import { describe, expect, it } from 'vitest';
import { stage2Geometry } from '../geometry/stage2-geometry.js';
import { twoPassFigures } from './two-pass-split.js';

const G = 2 ** 30;
const M = 2 ** 20;

describe('twoPassFigures', () => {
  it('4K granule, 1G chunk: capacity 1 instead of 513, but 1 + 512 topups instead of 1', () => {
    const figures = twoPassFigures(stage2Geometry({ granule: '4K', ipaBits: 40 }), G);
    expect(figures.capacity).toBe(1);
    expect(figures.singlePass).toEqual({ capacity: 513, topupsPerChunk: 1 });
    expect(figures.topupsPerChunk).toBe(513);
    expect(figures.totalBytes).toBe(4096 + 8);
  });

  it('changes nothing below a 1G chunk or on 16K and 64K granules', () => {
    const small = twoPassFigures(stage2Geometry({ granule: '4K', ipaBits: 40 }), 2 * M);
    expect(small.capacity).toBe(small.singlePass.capacity);
    const big = twoPassFigures(stage2Geometry({ granule: '64K', ipaBits: 40 }), 512 * M);
    expect(big).toMatchObject({ capacity: 1, topupsPerChunk: 1 });
  });
});
