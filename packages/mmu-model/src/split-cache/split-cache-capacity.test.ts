import { describe, expect, it } from 'vitest';
import { parseSize } from '../geometry/granule.js';
import { stage2Geometry } from '../geometry/stage2-geometry.js';
import {
  isLegalChunkSize,
  legalChunkSizes,
  splitCacheFigures,
  splitNrPageTables,
} from './split-cache-capacity.js';

const G = 2 ** 30;
const M = 2 ** 20;
const K = 2 ** 10;
const g4 = stage2Geometry({ granule: '4K', ipaBits: 40 });
const g16 = stage2Geometry({ granule: '16K', ipaBits: 40 });
const g64 = stage2Geometry({ granule: '64K', ipaBits: 40 });

describe('kvm_mmu_split_nr_page_tables', () => {
  it('4K granule, 1 GiB chunk: 1 level-2 table + 512 level-3 tables = 513', () => {
    expect(splitNrPageTables(g4, G)).toBe(1 + 512);
  });
  it('4K granule, 2 MiB chunk: DIV_ROUND_UP(2M, 1G) = 1 plus 1 = 2', () => {
    expect(splitNrPageTables(g4, 2 * M)).toBe(2);
  });
  it('16K granule, 32 MiB chunk: no PUD term, 32M / 32M = 1', () => {
    expect(splitNrPageTables(g16, 32 * M)).toBe(1);
  });
  it('64K granule, 512 MiB chunk: 512M / 512M = 1', () => {
    expect(splitNrPageTables(g64, 512 * M)).toBe(1);
  });
});

describe('splitCacheFigures', () => {
  it('4K/1G pins 513 pages of 4 KiB plus a 513-pointer array', () => {
    const figures = splitCacheFigures(g4, G);
    expect(figures.capacity).toBe(513);
    expect(figures.pageBytes).toBe(513 * 4096); // 2,101,248 bytes
    expect(figures.arrayBytes).toBe(513 * 8); // 4,104 bytes
    expect(figures.totalBytes).toBe(2_105_352);
    expect(figures.derivation.join('\n')).toContain('PUD_SIZE 1G');
  });
  it('a disabled chunk (0) pins nothing', () => {
    expect(splitCacheFigures(g4, 0)).toMatchObject({ capacity: 0, totalBytes: 0 });
  });
  it('64K/512M pins one 64 KiB page', () => {
    expect(splitCacheFigures(g64, 512 * M)).toMatchObject({ capacity: 1, pageBytes: 64 * K });
  });
});

describe('KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE legality', () => {
  it('accepts 0 and the supported block sizes only', () => {
    expect(legalChunkSizes(g4)).toEqual([0, 4 * K, 2 * M, G]);
    expect(legalChunkSizes(g16)).toEqual([0, 16 * K, 32 * M]);
    expect(legalChunkSizes(g64)).toEqual([0, 64 * K, 512 * M]);
  });
  it('rejects sizes that are not blocks of the granule', () => {
    expect(isLegalChunkSize(g4, 4 * M)).toBe(false);
    expect(isLegalChunkSize(g16, 2 * M)).toBe(false);
    expect(isLegalChunkSize(g64, G)).toBe(false);
    expect(isLegalChunkSize(g4, 3 * K)).toBe(false);
  });
  it('parses the sizes userspace writes', () => {
    expect(parseSize('1G')).toBe(G);
    expect(parseSize('512M')).toBe(512 * M);
    expect(parseSize('0x200000')).toBe(2 * M);
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('1 furlong')).toBeUndefined();
  });
});
