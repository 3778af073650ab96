import { describe, expect, it } from 'vitest';
import { memoryIo } from './test-helpers/memory-io.js';
import { runCli, UsageError } from './index.js';
import { COMMANDS } from './cli.js';

describe('kvmsim command table', () => {
  it('prints the command list on --help and exits 0', async () => {
    const io = memoryIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out.join('')).toContain('Usage: kvmsim <command>');
  });

  it('rejects an unknown command with a usage error', async () => {
    await expect(runCli(['frobnicate'], memoryIo())).rejects.toBeInstanceOf(UsageError);
  });
});

describe('help texts', () => {
  // Reviewed snapshots: a changed option or exit code shows up in review.
  it.each(['', ...Object.keys(COMMANDS).map((name) => `${name} `)])(
    'kvmsim %s--help',
    async (name) => {
      const io = memoryIo();
      expect(await runCli(name === '' ? ['--help'] : [name.trim(), '--help'], io)).toBe(0);
      expect(io.out.join('')).toMatchSnapshot();
    },
  );
});
