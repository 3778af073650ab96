import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stage2Geometry } from '../geometry/stage2-geometry.js';
import { splitNrPageTables } from '../split-cache/split-cache-capacity.js';
import { ENOMEM_SPLIT, Stage2PageTable, type PageSource } from './stage2-page-table.js';

const G = 2 ** 30;
const M = 2 ** 20;

function pages(count: number): PageSource & { available: number } {
  return {
    available: count,
    take(taken) {
      this.available -= taken;
    },
  };
}

describe('Stage2PageTable.split', () => {
  it('splits 1G to 2M blocks with one page, then each 2M block to pages with one page more', () => {
    const table = new Stage2PageTable(stage2Geometry({ granule: '4K', ipaBits: 40 }));
    table.map(0, G, 1);
    const live = table.counters.tablePagesLive;
    const first = pages(1);
    expect(table.split(0, G, first, 2)).toBe(0);
    expect(first.available).toBe(0);
    expect(table.leafSize(5 * 2 * M)).toBe(2 * M);
    expect(table.translate(5 * 2 * M + 4096)).toBe(5 * 2 * M + 4096);
    // The second pass, one 2M block at a time as a chunked topup would feed it.
    const second = pages(2);
    expect(table.split(0, 4 * M, second)).toBe(0);
    expect(second.available).toBe(0);
    expect(table.leafSize(4096)).toBe(4096);
    expect(table.leafSize(4 * M)).toBe(2 * M);
    expect(table.counters.tablePagesLive).toBe(live + 3);
    expect(table.splitCostTo(1, 2)).toBe(1);
    expect(table.splitCostTo(1, 3)).toBe(513);
  });

  it('destroy frees every table page below the start level', () => {
    const table = new Stage2PageTable(stage2Geometry({ granule: '4K', ipaBits: 40 }));
    const empty = table.counters.tablePagesLive;
    table.map(0, 2 * G, 1);
    table.split(0, G, pages(513));
    expect(table.counters.tablePagesLive).toBe(empty + 513);
    table.destroy();
    expect(table.counters.tablePagesLive).toBe(empty);
    expect(table.leafSize(0)).toBeUndefined();
  });

  it('splits a 1G block of a 4K geometry with 513 pages: 1 level-2 table + 512 level-3 tables', () => {
    const table = new Stage2PageTable(stage2Geometry({ granule: '4K', ipaBits: 40 }));
    table.map(0, G, 1);
    const source = pages(513);
    expect(table.split(0, G, source)).toBe(0);
    expect(source.available).toBe(0);
    expect(table.counters).toMatchObject({
      pagesTakenFromCache: 513,
      breakBeforeMake: 1,
      tlbInvalidations: 1,
    });
    expect(table.leafSize(G - 4096)).toBe(4096);
  });

  it('without the whole subtree in the cache, splits one level per page as stage2_split_walker does', () => {
    const table = new Stage2PageTable(stage2Geometry({ granule: '4K', ipaBits: 40 }));
    table.map(0, G, 1);
    // One page for the table of 2M blocks, then one per 2M block: 511 of 512 blocks.
    const source = pages(512);
    expect(table.split(0, G, source)).toBe(ENOMEM_SPLIT);
    expect(source.available).toBe(0);
    expect(table.leafSize(0)).toBe(4096);
    expect(table.leafSize(G - 4096)).toBe(2 * M);
    // A 2M chunk's cache (kvm_mmu_split_nr_page_tables(2M) = 2) splits just its chunk.
    const chunked = new Stage2PageTable(stage2Geometry({ granule: '4K', ipaBits: 40 }));
    chunked.map(0, G, 1);
    const two = pages(2);
    expect(chunked.split(0, 2 * M, two)).toBe(0);
    expect(two.available).toBe(0);
    expect(chunked.leafSize(0)).toBe(4096);
    expect(chunked.leafSize(2 * M)).toBe(2 * M);
    expect(chunked.split(2 * M, 2 * M, pages(1))).toBe(0);
    expect(chunked.leafSize(2 * M)).toBe(4096);
  });

  it('refuses with -ENOMEM and changes nothing when the cache is empty', () => {
    const table = new Stage2PageTable(stage2Geometry({ granule: '4K', ipaBits: 40 }));
    table.map(0, G, 1);
    expect(table.split(0, G, pages(0))).toBe(ENOMEM_SPLIT);
    expect(table.leafSize(0)).toBe(G);
  });

  it('splits a 512M block of a 64K geometry with one page', () => {
    const table = new Stage2PageTable(stage2Geometry({ granule: '64K', ipaBits: 40 }));
    table.map(0, 512 * M, 2);
    const source = pages(1);
    expect(table.split(0, 512 * M, source)).toBe(0);
    expect(table.leafSize(512 * M - 1)).toBe(64 * 1024);
  });

  it('leaves pages alone: splitting page mappings costs nothing', () => {
    const table = new Stage2PageTable(stage2Geometry({ granule: '4K', ipaBits: 40 }));
    table.map(0, 2 * M, 3);
    expect(table.split(0, 2 * M, pages(0))).toBe(0);
    expect(table.counters.pagesTakenFromCache).toBe(0);
  });
});

describe('Stage2PageTable.unmap', () => {
  it('removes split regions too and frees their table pages', () => {
    const table = new Stage2PageTable(stage2Geometry({ granule: '4K', ipaBits: 40 }));
    table.map(0, 2 * G, 1);
    const live = table.counters.tablePagesLive;
    table.split(0, G, pages(513));
    expect(table.counters.tablePagesLive).toBe(live + 513);
    table.unmap(0, G);
    expect(table.translate(4096)).toBeUndefined();
    expect(table.translate(G + 4096)).toBe(G + 4096);
    expect(table.counters.tablePagesLive).toBe(live);
  });

  it('frees intermediate tables created by a map', () => {
    const table = new Stage2PageTable(stage2Geometry({ granule: '4K', ipaBits: 40 }));
    const start = table.counters.tablePagesLive;
    table.map(0, 2 * M, 2); // needs one level-2 table under the level-1 start table
    expect(table.counters.tablePagesLive).toBe(start + 1);
    table.unmap(0, G);
    expect(table.counters.tablePagesLive).toBe(start);
  });

  it('refuses to cut a block in half', () => {
    const table = new Stage2PageTable(stage2Geometry({ granule: '4K', ipaBits: 40 }));
    table.map(0, G, 1);
    expect(() => table.unmap(0, 2 * M)).toThrow(RangeError);
  });
});

const granules = fc.constantFrom('4K', '16K', '64K' as const);

describe('properties', () => {
  it('a split never changes the translation of any address', () => {
    fc.assert(
      fc.property(
        granules,
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (granule, blocks, samples) => {
          const geometry = stage2Geometry({ granule, ipaBits: 44 });
          const block = geometry.blockSizes.at(-1) ?? 0;
          const level = geometry.minBlockLevel;
          const table = new Stage2PageTable(geometry);
          table.map(0, blocks * block, level, 7 * block);
          const addresses = samples.map((sample) =>
            Math.min(Math.floor(sample * blocks * block), blocks * block - 1),
          );
          const before = addresses.map((address) => table.translate(address));
          table.split(0, blocks * block, pages(Number.MAX_SAFE_INTEGER));
          expect(addresses.map((address) => table.translate(address))).toEqual(before);
          expect(
            before.every((output, index) => output === (addresses[index] ?? 0) + 7 * block),
          ).toBe(true);
        },
      ),
    );
  });

  it('splitting an aligned chunk consumes exactly kvm_mmu_split_nr_page_tables(chunk) pages', () => {
    fc.assert(
      fc.property(granules, fc.integer({ min: 1, max: 8 }), (granule, count) => {
        const geometry = stage2Geometry({ granule, ipaBits: 44 });
        const block = geometry.blockSizes.at(-1) ?? 0;
        const table = new Stage2PageTable(geometry);
        table.map(0, count * block, geometry.minBlockLevel);
        const source = pages(Number.MAX_SAFE_INTEGER);
        table.split(0, block, source);
        expect(Number.MAX_SAFE_INTEGER - source.available).toBe(splitNrPageTables(geometry, block));
      }),
    );
  });
});
