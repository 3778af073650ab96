import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../test-helpers/memory-io.js';
import { runCli } from '../../cli.js';
import { UsageError } from '../../errors.js';

async function run(...args: string[]) {
  const io = memoryIo();
  const code = await runCli(['mmu', ...args], io);
  return { code, out: io.out.join('') };
}

describe('kvmsim mmu split-cache', () => {
  it('prints capacity, bytes and derivation as JSON: 4K/1G is 1 + 512 = 513 pages', async () => {
    const { code, out } = await run('split-cache', '--granule', '4K', '--chunk', '1G', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      granule: '4K',
      chunkSize: 2 ** 30,
      capacity: 513,
      totalBytes: 2_105_352,
    });
  });

  it('covers every granule and legal chunk with --all', async () => {
    const rows = JSON.parse((await run('split-cache', '--all', '--json')).out) as {
      granule: string;
      capacity: number;
    }[];
    expect(rows).toHaveLength(3 + 2 + 2); // 4K: 4K 2M 1G; 16K: 16K 32M; 64K: 64K 512M
    expect(rows.find((row) => row.granule === '64K' && row.capacity === 1)).toBeDefined();
  });

  it('answers an illegal chunk size like the kernel, naming the legal ones', async () => {
    const attempt = run('split-cache', '--granule', '16K', '--chunk', '2M');
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(
      '-EINVAL on a 16K granule: legal chunk sizes are 0, 16K, 32M',
    );
  });

  it('prints the derivation as text', async () => {
    expect((await run('split-cache', '--granule', '4K', '--chunk', '2M')).out).toContain(
      'DIV_ROUND_UP(2M, PMD_SIZE 2M) = 1',
    );
  });

  it('rejects a bad IPA size with the field named', async () => {
    await expect(run('geometry', '--granule', '4K', '--ipa-bits', '60')).rejects.toThrow(/ipaBits/);
  });
});

describe('kvmsim mmu geometry', () => {
  it('prints levels and concatenated start tables', async () => {
    const { out } = await run('geometry', '--granule', '16K');
    expect(out).toContain('levels 2, start level 2, 16 concatenated start table(s)');
  });

  it('needs a known subcommand', async () => {
    await expect(run('frobnicate')).rejects.toThrow(/expected split-cache or geometry/);
  });
});
