import { describe, expect, it } from 'vitest';
import { runCli, UsageError } from './index.js';
import type { CliIo } from './index.js';

function memoryIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    stderrIsTTY: false,
    env: {},
    cwd: process.cwd(),
  };
}

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
