import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../test-helpers/memory-io.js';
import { runCli } from '../../cli.js';

describe('kvmsim demo', () => {
  it('answers the seed thread memory question from the model: 513 pages for 4K/1G', async () => {
    const io = memoryIo();
    expect(await runCli(['demo', '--json'], io)).toBe(0);
    const { splitCache } = JSON.parse(io.out.join('')) as {
      splitCache: { granule: string; chunkSize: number; capacity: number }[];
    };
    expect(
      splitCache.find((row) => row.granule === '4K' && row.chunkSize === 2 ** 30)?.capacity,
    ).toBe(513);
    expect(
      splitCache.find((row) => row.granule === '64K' && row.chunkSize === 2 ** 29)?.capacity,
    ).toBe(1);
  });

  it('prints the table as text', async () => {
    const io = memoryIo();
    expect(await runCli(['demo'], io)).toBe(0);
    expect(io.out.join('')).toMatch(/4K\s+1G\s+513\s+2,105,352/);
  });

  it('rejects an unknown option', async () => {
    await expect(runCli(['demo', '--frobnicate'], memoryIo())).rejects.toThrow(/frobnicate/);
  });
});
