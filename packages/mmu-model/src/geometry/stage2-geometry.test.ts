import { describe, expect, it } from 'vitest';
import { GeometryError, granuleShift, stage2Geometry } from './stage2-geometry.js';

describe('kvm_granule_shift', () => {
  it('is (PAGE_SHIFT - 3) * (4 - level) + 3', () => {
    expect([0, 1, 2, 3].map((level) => granuleShift(12, level))).toEqual([39, 30, 21, 12]);
    expect([1, 2, 3].map((level) => granuleShift(14, level))).toEqual([36, 25, 14]);
    expect([1, 2, 3].map((level) => granuleShift(16, level))).toEqual([42, 29, 16]);
  });
});

describe('stage2Geometry', () => {
  // stage2 levels = (ipaBits - 8) / (PAGE_SHIFT - 3), integer division;
  // concatenation = 2^(ipaBits - bits covered by one start-level table).
  it.each([
    // granule, ipa, start level, levels, concatenated tables
    ['4K', 40, 1, 3, 2], // level-1 table covers 39 bits; 2 tables for 40
    ['4K', 48, 0, 4, 1],
    ['4K', 32, 2, 2, 4], // level-2 table covers 30 bits
    ['16K', 40, 2, 2, 16], // level-2 table covers 36 bits
    ['16K', 48, 1, 3, 2],
    ['64K', 40, 2, 2, 1], // level-2 table covers 42 bits
    ['64K', 52, 1, 3, 1],
  ] as const)(
    '%s granule, %i-bit IPA: start level %i, %i levels, %i tables',
    (granule, ipaBits, startLevel, levels, tables) => {
      const geometry = stage2Geometry({ granule, ipaBits });
      expect(geometry).toMatchObject({ startLevel, levels, concatenatedStartTables: tables });
    },
  );

  it('puts the first block level at 1 with 4K pages and 2 otherwise', () => {
    expect(stage2Geometry({ granule: '4K', ipaBits: 40 }).minBlockLevel).toBe(1);
    expect(stage2Geometry({ granule: '16K', ipaBits: 40 }).minBlockLevel).toBe(2);
    expect(stage2Geometry({ granule: '64K', ipaBits: 40 }).minBlockLevel).toBe(2);
  });

  it('rejects an IPA size the granule cannot have, naming the field', () => {
    expect(() => stage2Geometry({ granule: '4K', ipaBits: 52 })).toThrow(GeometryError);
    expect(() => stage2Geometry({ granule: '4K', ipaBits: 31 })).toThrow(/ipaBits/);
    expect(stage2Geometry({ granule: '4K', ipaBits: 52, lpa2: true }).levels).toBe(4);
  });
});
